// FastWord2Vec's side of training with other processes (word2vec/fast/fast_sync.hpp), without MPI: a
// FastSync that records what the trainer asks of it and plays the other processes. The MPI one is
// tested end to end by tests/distributed.sh.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <minidl/word2vec/data/synthetic_corpus.hpp>
#include <minidl/word2vec/data/text_corpus.hpp>
#include <minidl/word2vec/data/token_source.hpp>
#include <minidl/word2vec/fast/fast_sync.hpp>
#include <minidl/word2vec/fast/fast_word2vec.hpp>

using namespace minidl;

namespace {

const Corpus& corpus() {
  static const Corpus c = text_to_corpus(make_synthetic_corpus().text, {}, "synthetic");
  return c;
}

// Process rank_ of ranks_; the others read at the same pace as this one, and one of them may fail.
struct RecordingSync : FastSync {
  std::size_t rank_ = 0, ranks_ = 1;
  double scale = 1;
  int other_fails_at = -1;  // the round (0-based, over all epochs) in which process ranks_ - 1 fails
  struct Call {
    std::uint64_t units_read;
    bool finished, failed;
  };
  std::vector<Call> calls;
  std::vector<std::size_t> rounds_at_epoch_end;
  int asked_about = -1;
  std::string message_given;

  std::size_t rank() const override { return rank_; }
  std::size_t ranks() const override { return ranks_; }
  double seconds() const override { return 60; }  // so the rounds come from kRoundsPerEpoch alone
  std::uint64_t units_between() const override { return 0; }
  double step_scale() const override { return scale; }
  SyncRound round(Scalar*, Scalar*, std::size_t, std::size_t, std::uint64_t units_read, bool finished,
                  bool failed) override {
    calls.push_back({units_read, finished, failed});
    SyncRound r;
    r.units_read = units_read * ranks_;
    r.all_finished = finished;
    if (failed) r.failed_rank = int(rank_);
    if (int(calls.size()) - 1 == other_fails_at) r.failed_rank = int(ranks_ - 1);
    return r;
  }
  std::string failure_of(int rank, const std::string& own_message) override {
    asked_about = rank;
    message_given = own_message;
    return rank == int(rank_) ? own_message : "the disk of process " + std::to_string(rank) + " failed";
  }
  void end_epoch(Scalar*, Scalar*, std::size_t, std::size_t, FastEpochStats&) override {
    rounds_at_epoch_end.push_back(calls.size());
  }
};

FastWord2VecOptions options() {
  FastWord2VecOptions o;
  o.hidden = 20;
  o.seed = 7;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(fast_sync)

// A group of one: the rounds change nothing (the same numbers as alone), come while the workers
// train (at least several an epoch: kRoundsPerEpoch, checked every millisecond), report
// progress that only grows within an epoch up to the whole corpus, and the epoch's last round says
// finished; end_epoch follows every epoch.
BOOST_AUTO_TEST_CASE(a_group_of_one_changes_nothing) {
  const auto& c = corpus();
  FastWord2Vec alone(c.id_to_word.size(), c.corpus, options());
  alone.fit(c.corpus, 2);
  RecordingSync sync;
  FastWord2Vec grouped(c.id_to_word.size(), c.corpus, options());
  grouped.set_sync(&sync);
  grouped.fit(c.corpus, 2);
  BOOST_TEST(std::equal(alone.W_in.data().begin(), alone.W_in.data().end(), grouped.W_in.data().begin()));
  BOOST_TEST(std::equal(alone.W_out.data().begin(), alone.W_out.data().end(), grouped.W_out.data().begin()));

  BOOST_TEST_REQUIRE(sync.rounds_at_epoch_end.size() == 2u);
  std::size_t first = 0;
  for (const std::size_t end : sync.rounds_at_epoch_end) {
    BOOST_TEST(end - first >= 5u, "only " << end - first << " rounds in an epoch");
    for (std::size_t k = first; k < end; ++k) {
      BOOST_TEST(!sync.calls[k].failed);
      BOOST_TEST(sync.calls[k].finished == (k + 1 == end), "round " << k << " of an epoch ending at " << end);
      if (k > first) BOOST_TEST(sync.calls[k].units_read >= sync.calls[k - 1].units_read);
    }
    BOOST_TEST(sync.calls[end - 1].units_read == c.corpus.size());
    first = end;
  }
}

// Process 1 of 2 reads the second of two shards, and only it: on a corpus whose halves use different
// words, the input rows of the words outside its shard keep their starting values.
BOOST_AUTO_TEST_CASE(a_process_reads_its_own_shard) {
  Ids ids = Ids::from_shape({40000});
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = std::int32_t((i * 7919 % 10) + (i < 20000 ? 0 : 10));
  const IdsSource source(ids, 20);
  std::vector<bool> in_shard(20, false);
  auto reader = source.open(1, 2);
  const std::int32_t* span = nullptr;
  for (std::size_t n; (n = reader->next(span)) > 0;)
    for (std::size_t i = 0; i < n; ++i) in_shard[std::size_t(span[i])] = true;

  RecordingSync sync;
  sync.rank_ = 1;
  sync.ranks_ = 2;
  sync.scale = 2;
  FastWord2VecOptions o = options();
  o.sample = 0;
  const FastWord2Vec untrained(20, ids, o);
  FastWord2Vec w2v(20, ids, o);
  w2v.set_sync(&sync);
  const auto stats = w2v.fit(ids, 1);
  BOOST_TEST(stats.at(0).tokens == source.open(1, 2)->units());
  BOOST_TEST(stats.at(0).tokens < ids.size());
  BOOST_TEST(sync.calls.back().units_read == stats.at(0).tokens);
  std::size_t outside = 0, inside = 0;
  for (std::size_t w = 0; w < 20; ++w) {
    const Scalar* before = untrained.W_in.data().data() + w * o.hidden;
    const bool same = std::equal(before, before + o.hidden, w2v.W_in.data().data() + w * o.hidden);
    if (in_shard[w]) {
      ++inside;
      BOOST_TEST(!same, "word " << w << " is in the shard but was not trained");
    } else {
      ++outside;
      BOOST_TEST(same, "word " << w << " is outside the shard but its row changed");
    }
  }
  BOOST_TEST(outside >= 5u);  // the shard is about the corpus's second half
  BOOST_TEST(inside >= 5u);
}

// Another process fails: this one's workers stop, and fit throws naming that process and its cause,
// which only that process knows (failure_of), before the epoch ends.
BOOST_AUTO_TEST_CASE(another_process_failing_stops_this_one) {
  const auto& c = corpus();
  RecordingSync sync;
  sync.ranks_ = 2;
  sync.scale = 2;
  sync.other_fails_at = 2;
  FastWord2Vec w2v(c.id_to_word.size(), c.corpus, options());
  w2v.set_sync(&sync);
  try {
    w2v.fit(c.corpus, 3);
    BOOST_ERROR("fit went on after process 1 failed");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()) == "fast word2vec: process 1 of 2 failed: the disk of process 1 failed");
  }
  BOOST_TEST(sync.asked_about == 1);
  BOOST_TEST(sync.calls.back().finished);  // the workers stopped, and the rounds with them
  BOOST_TEST(sync.calls.size() < 10u);
  BOOST_TEST(sync.rounds_at_epoch_end.empty());
}

// This process fails (its loss explodes): it says so in the next round, hands its message to
// failure_of for the others, and throws it.
BOOST_AUTO_TEST_CASE(a_failure_here_is_told_to_the_others) {
  const auto& c = corpus();
  RecordingSync sync;
  sync.ranks_ = 2;
  sync.scale = 2;
  FastWord2VecOptions o = options();
  o.lr = 1e4;
  FastWord2Vec w2v(c.id_to_word.size(), c.corpus, o);
  w2v.set_sync(&sync);
  try {
    w2v.fit(c.corpus, 1);
    BOOST_ERROR("a learning rate of 1e4 trained");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find("the learning rate 10000 is too high") != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()) == sync.message_given);
  }
  BOOST_TEST_REQUIRE(!sync.calls.empty());
  BOOST_TEST(sync.calls.back().failed);
  BOOST_TEST(sync.asked_about == 0);
}

BOOST_AUTO_TEST_SUITE_END()
