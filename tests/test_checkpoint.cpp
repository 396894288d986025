// Checkpoints: the file round-trips, bad files are refused by name, and training resumed from a
// checkpoint ends bit for bit where an uninterrupted run ends.
#include <boost/test/unit_test.hpp>
#include <unistd.h>
#include <sys/wait.h>
#include <csignal>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <xtensor/xbuilder.hpp>

#include <minidl/word2vec/data/contexts_target.hpp>
#include "tensor_helpers.hpp"
#include <minidl/framework/io/atomic_file.hpp>
#include <minidl/framework/io/checkpoint.hpp>
#include <minidl/framework/io/sha256.hpp>
#include <minidl/framework/trainer.hpp>
#include <minidl/models/cbow.hpp>
#include <minidl/models/skip_gram.hpp>
#include <minidl/optim/adam.hpp>
#include <minidl/optim/momentum.hpp>

using namespace minidl;
using minidl::test::message_of;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("minidl_ckpt_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string read_bytes(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


Ids random_corpus(std::size_t n, std::size_t vocab, std::uint64_t seed) {
  Rng rng(seed);
  Ids c = Ids::from_shape({n});
  for (std::size_t i = 0; i < n; ++i) c(i) = static_cast<std::int32_t>(i < vocab ? i : rng.integer(vocab));
  return c;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(checkpoint)

BOOST_AUTO_TEST_CASE(round_trip) {
  TempDir dir;
  Checkpoint ck;
  Rng rng(1);
  const Tensor a = randn({3, 4}, rng), b = randn({5}, rng);
  Tensor scalar = Tensor::from_shape({});
  scalar() = 2.5f;
  ck.put("a", a);
  ck.put("b", b);
  ck.put("s", scalar);
  ck.put("text", std::string("with\0nul and\nnewline", 20));
  ck.save(dir.file("x.ckpt"));
  const Checkpoint back = Checkpoint::load(dir.file("x.ckpt"));
  BOOST_TEST((back.tensor("a") == a));
  BOOST_TEST((back.tensor("b") == b));
  BOOST_TEST(back.tensor("s")() == 2.5f);
  BOOST_TEST(back.string("text") == std::string("with\0nul and\nnewline", 20));
  BOOST_TEST(message_of([&] { back.tensor("missing"); }).find("'missing'") != std::string::npos);
  BOOST_TEST(message_of([&] { back.tensor("missing"); }).find("x.ckpt") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_files_are_refused_by_name) {
  TempDir dir;
  BOOST_TEST(message_of([&] { Checkpoint::load(dir.file("none.ckpt")); }).find("none.ckpt") != std::string::npos);
  {
    std::ofstream(dir.file("foreign.ckpt")) << "hello world, not a checkpoint";
  }
  BOOST_TEST(message_of([&] { Checkpoint::load(dir.file("foreign.ckpt")); }).find("not a minidl checkpoint") !=
             std::string::npos);
  Checkpoint ck;
  ck.put("w", Tensor(xt::ones<Scalar>({100})));
  ck.save(dir.file("full.ckpt"));
  const std::string bytes = read_bytes(dir.file("full.ckpt"));
  {
    std::ofstream(dir.file("cut.ckpt"), std::ios::binary) << bytes.substr(0, bytes.size() - 7);
  }
  BOOST_TEST(message_of([&] { Checkpoint::load(dir.file("cut.ckpt")); }).find("damaged") != std::string::npos);
  {
    std::ofstream(dir.file("stub.ckpt"), std::ios::binary) << bytes.substr(0, 20);
  }
  BOOST_TEST(message_of([&] { Checkpoint::load(dir.file("stub.ckpt")); }).find("truncated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_changed_byte_is_refused) {
  // Two payload bytes flipped (values that still parse): the digest says so before anything is read.
  TempDir dir;
  Checkpoint ck;
  ck.put("w", Tensor(xt::ones<Scalar>({100})));
  ck.put("note", std::string("resume me"));
  ck.save(dir.file("good.ckpt"));
  std::string bytes = read_bytes(dir.file("good.ckpt"));
  BOOST_TEST(Checkpoint::load(dir.file("good.ckpt")).tensor("w")(99) == 1.0);
  bytes[bytes.size() / 2] ^= 0x01;
  bytes[bytes.size() / 2 + 9] ^= 0x40;
  {
    std::ofstream(dir.file("flipped.ckpt"), std::ios::binary) << bytes;
  }
  const std::string msg = message_of([&] { Checkpoint::load(dir.file("flipped.ckpt")); });
  BOOST_TEST(msg.find("flipped.ckpt") != std::string::npos, msg);
  BOOST_TEST(msg.find("SHA-256 does not match") != std::string::npos, msg);
  // A file of the previous version (no digest) is named as such, not misread.
  bytes = read_bytes(dir.file("good.ckpt"));
  bytes[8] = 1;  // the version field, u32 little-endian
  {
    std::ofstream(dir.file("v1.ckpt"), std::ios::binary) << bytes;
  }
  BOOST_TEST(message_of([&] { Checkpoint::load(dir.file("v1.ckpt")); }).find("version 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failed_save_leaves_the_old_file) {
  TempDir dir;
  Checkpoint ck;
  ck.put("w", Tensor{1.0f, 2.0f});
  ck.save(dir.file("keep.ckpt"));
  const std::string before = read_bytes(dir.file("keep.ckpt"));
  BOOST_CHECK_THROW(ck.save(dir.file("no/such/dir/keep.ckpt")), std::runtime_error);
  BOOST_TEST(read_bytes(dir.file("keep.ckpt")) == before);
}

BOOST_AUTO_TEST_CASE(sizes_beyond_the_file_are_refused_before_allocating) {
  // Found by fuzz/checkpoint_fuzzer: a well-signed file whose tensor claims 2^30 x 2 floats (under
  // the old bound of 2^36 values) made the reader allocate 8 GiB; a string's length likewise.
  // Sizes are now bounded by the bytes left in the file.
  TempDir dir;
  const auto write_signed = [&](const std::string& name, const std::string& body) {
    minidl::Sha256 sha;
    sha.update(body.data(), body.size());
    const auto digest = sha.digest();
    std::ofstream(dir.file(name), std::ios::binary) << body << std::string(digest.begin(), digest.end());
  };
  const auto u32 = [](std::uint32_t v) { return std::string(reinterpret_cast<const char*>(&v), 4); };
  const auto u64 = [](std::uint64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
  const std::string head = std::string("MINIDLCK") + u32(2) + u64(1);
  write_signed("tensor.ckpt", head + std::string(1, '\0') + u32(1) + "w" + std::string(1, '\4') + u32(2) +
                                  u64(std::uint64_t(1) << 30) + u64(2) + std::string(16, '\0'));
  std::string msg = message_of([&] { Checkpoint::load(dir.file("tensor.ckpt")); });
  BOOST_TEST(msg.find("truncated or corrupt (tensor size") != std::string::npos, msg);
  // An empty tensor whose other dimensions multiply past a signed long (found by fuzzing too).
  write_signed("empty.ckpt", head + std::string(1, '\0') + u32(1) + "w" + std::string(1, '\4') + u32(3) + u64(0) +
                                 u64(std::uint64_t(1) << 37) + u64(std::uint64_t(1) << 37));
  msg = message_of([&] { Checkpoint::load(dir.file("empty.ckpt")); });
  BOOST_TEST(msg.find("corrupt (tensor size)") != std::string::npos, msg);
  write_signed("string.ckpt", head + std::string(1, '\1') + u32(1) + "s" + u64(std::uint64_t(1) << 31) + "abc");
  msg = message_of([&] { Checkpoint::load(dir.file("string.ckpt")); });
  BOOST_TEST(msg.find("truncated or corrupt (string length") != std::string::npos, msg);
}

BOOST_AUTO_TEST_CASE(read_only_files_and_directories_are_not_replaced) {
  // The rename under write_file_atomic would replace a read-only file even where writing to it
  // would fail, and root may write anything: a file without write permission is refused by name.
  namespace fs = std::filesystem;
  TempDir dir;
  Checkpoint ck;
  ck.put("w", Tensor{1.0f, 2.0f});
  ck.save(dir.file("ro.ckpt"));
  const std::string before = read_bytes(dir.file("ro.ckpt"));
  fs::permissions(dir.file("ro.ckpt"), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
  ck.put("w", Tensor{3.0f, 4.0f});
  const std::string msg = message_of([&] { ck.save(dir.file("ro.ckpt")); });
  BOOST_TEST(msg.find("ro.ckpt") != std::string::npos, msg);
  BOOST_TEST(msg.find("read-only") != std::string::npos, msg);
  BOOST_TEST(read_bytes(dir.file("ro.ckpt")) == before);
  BOOST_TEST(message_of([&] { ck.save(dir.path.string()); }).find("is a directory") != std::string::npos);
  BOOST_TEST(message_of([&] { ck.save(""); }).find("empty file name") != std::string::npos);
  BOOST_CHECK_NO_THROW(check_writable(dir.file("new.ckpt")));
}

BOOST_AUTO_TEST_CASE(a_signal_during_a_write_leaves_no_temporary) {
  // SIGINT or SIGTERM in the middle of writing an output ends the process, as it should, but
  // takes the hidden temporary file with it; the old file stays as it was. Run in a child process,
  // which the signal ends.
  TempDir dir;
  {
    std::ofstream(dir.file("out.txt")) << "old";
  }
  for (const int sig : {SIGINT, SIGTERM}) {
    const pid_t child = ::fork();
    BOOST_REQUIRE(child >= 0);
    if (child == 0) {
      write_file_atomic(dir.file("out.txt"), [&](std::ostream& out) {
        out << std::string(1 << 20, 'x');
        out.flush();
        ::raise(sig);
      });
      ::_exit(0);  // not reached: the signal ends the child
    }
    int status = 0;
    BOOST_REQUIRE(::waitpid(child, &status, 0) == child);
    BOOST_TEST(WIFSIGNALED(status));
    BOOST_TEST((WIFSIGNALED(status) && WTERMSIG(status) == sig));
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path)) names.push_back(entry.path().filename().string());
    BOOST_TEST(names == std::vector<std::string>{"out.txt"}, boost::test_tools::per_element());
    BOOST_TEST(read_bytes(dir.file("out.txt")) == "old");
  }
}

BOOST_AUTO_TEST_CASE(parameters_round_trip_and_shapes_are_checked) {
  Rng rng(2);
  Parameter W(randn({4, 3}, rng), "W"), b(randn({3}, rng), "b");
  Checkpoint ck;
  save_parameters(ck, {W, b});
  Parameter W2(xt::zeros<Scalar>({4, 3}), "W"), b2(xt::zeros<Scalar>({3}), "b");
  load_parameters(ck, {W2, b2});
  BOOST_TEST((W2.data() == W.data()));
  BOOST_TEST((b2.data() == b.data()));
  Parameter wrong(xt::zeros<Scalar>({5, 3}), "W");
  const std::string msg = message_of([&] { load_parameters(ck, {wrong}); });
  BOOST_TEST(msg.find("(4, 3)") != std::string::npos);
  BOOST_TEST(msg.find("(5, 3)") != std::string::npos);
  BOOST_CHECK_THROW(save_parameters(ck, {W}), std::invalid_argument);  // "param/W" is taken
}

BOOST_AUTO_TEST_CASE(optimizer_state_resumes_exactly) {
  // Three Adam (and Momentum) steps, then save; a new optimizer loaded from it and stepped twice
  // matches the original stepped twice more.
  for (int kind = 0; kind < 2; ++kind) {
    Rng rng(3);
    Parameter w(randn({6}, rng), "w");
    auto make = [&](Parameter p) -> std::unique_ptr<Optimizer> {
      if (kind == 0) return std::make_unique<Adam>(Parameters{p}, Scalar(0.1));
      return std::make_unique<Momentum>(Parameters{p}, Scalar(0.1));
    };
    auto grad_step = [&](Optimizer& opt, Parameter& p, int i) {
      p.clear_grad();
      p.add_grad(p.data() * Scalar(0.5) + Scalar(i));
      opt.step();
    };
    auto opt = make(w);
    for (int i = 0; i < 3; ++i) grad_step(*opt, w, i);
    Parameter w2(w.data(), "w");
    auto opt2 = make(w2);
    opt2->load_state(opt->state_tensors(), opt->state_scalars());
    for (int i = 3; i < 5; ++i) {
      grad_step(*opt, w, i);
      grad_step(*opt2, w2, i);
    }
    BOOST_TEST((w.data() == w2.data()), "optimizer kind " << kind);
  }
}

BOOST_AUTO_TEST_CASE(optimizer_state_of_another_model_is_refused) {
  Parameter w(xt::zeros<Scalar>({3}), "w");
  Adam opt({w});
  w.add_grad(Tensor{1.0f, 1.0f, 1.0f});
  opt.step();
  Parameter other(xt::zeros<Scalar>({4}), "w");
  Adam opt2({other});
  BOOST_CHECK_THROW(opt2.load_state(opt.state_tensors(), opt.state_scalars()), std::invalid_argument);
}

// Trains `epochs` epochs, optionally stopping after `stop` to save, rebuild everything from the
// checkpoint and continue; returns W_in, W_out and the loss history.
template <class M>
std::tuple<Tensor, Tensor, std::vector<double>> train(std::size_t epochs, std::size_t stop, const std::string& path) {
  const Ids corpus = random_corpus(600, 30, 5);
  auto [contexts, target] = create_contexts_target(corpus, 2);
  auto build = [&](Rng& rng) { return std::make_unique<M>(30, 8, 2, corpus, rng, Word2VecOptions{0.75, 3, 7}); };
  Rng rng(11);
  auto model = build(rng);
  Adam opt(model->parameters());
  Trainer trainer(*model, opt, 13);
  trainer.set_output(nullptr);
  if (stop == 0) {
    trainer.fit(contexts, target, epochs, 16, 0, 5);
    return {model->W_in.data(), model->W_out.data(), trainer.loss_list()};
  }
  trainer.fit(contexts, target, stop, 16, 0, 5);
  Checkpoint ck;
  save_training_state(ck, *model, opt, trainer);
  ck.save(path);

  // A new process, as far as the objects know: everything rebuilt and restored from the file.
  const Checkpoint back = Checkpoint::load(path);
  Rng other(999);  // different initial weights, overwritten by the checkpoint
  auto resumed = build(other);
  Adam opt2(resumed->parameters());
  Trainer trainer2(*resumed, opt2, 0);
  load_training_state(back, *resumed, opt2, trainer2);
  trainer2.set_output(nullptr);
  trainer2.fit(contexts, target, epochs - stop, 16, 0, 5);
  return {resumed->W_in.data(), resumed->W_out.data(), trainer2.loss_list()};
}

BOOST_AUTO_TEST_CASE(cbow_resumed_equals_uninterrupted) {
  TempDir dir;
  auto [a_in, a_out, a_loss] = train<CBOW>(4, 0, "");
  auto [b_in, b_out, b_loss] = train<CBOW>(4, 2, dir.file("cbow.ckpt"));
  BOOST_TEST((a_in == b_in));
  BOOST_TEST((a_out == b_out));
  BOOST_TEST(a_loss == b_loss, boost::test_tools::per_element());
  // and it trained: the weights moved away from their initial draw in both
  BOOST_TEST(a_loss.front() > a_loss.back());
}

BOOST_AUTO_TEST_CASE(skip_gram_resumed_equals_uninterrupted) {
  TempDir dir;
  auto [a_in, a_out, a_loss] = train<SkipGram>(3, 0, "");
  auto [b_in, b_out, b_loss] = train<SkipGram>(3, 1, dir.file("sg.ckpt"));
  BOOST_TEST((a_in == b_in));
  BOOST_TEST((a_out == b_out));
  BOOST_TEST(a_loss == b_loss, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rng_state_round_trips) {
  Rng a(5);
  a.normal();
  const std::string s = a.state();
  const double next = a.uniform();
  Rng b(0);
  b.set_state(s);
  BOOST_TEST(b.uniform() == next);
  BOOST_CHECK_THROW(b.set_state("garbage"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
