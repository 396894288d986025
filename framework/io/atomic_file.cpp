#include <minidl/framework/io/atomic_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <atomic>
#include <csignal>
#include <mutex>

#include <signal.h>
#include <unistd.h>

namespace minidl {
namespace {

// The temporary files being written right now, so that SIGINT or SIGTERM (Ctrl-C, a killed job)
// does not leave a hidden 100 MB file beside the output. The handler may only use async-signal-
// safe calls, so the paths sit in fixed slots claimed with lock-free atomics, and it calls unlink.
constexpr int kSlots = 8;
constexpr std::size_t kPathBytes = 4096;
char g_paths[kSlots][kPathBytes];
std::atomic<bool> g_used[kSlots];
struct sigaction g_previous[2];  // SIGINT's and SIGTERM's dispositions before ours

extern "C" void remove_temporaries_and_die(int sig) {
  for (int i = 0; i < kSlots; ++i)
    if (g_used[i].load()) ::unlink(g_paths[i]);
  ::sigaction(sig, &g_previous[sig == SIGINT ? 0 : 1], nullptr);  // the default: end the process
  ::raise(sig);
}

// Only where the program left the default (death): a handler of its own, or an ignored signal,
// is left alone.
void install_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    const int signals[2] = {SIGINT, SIGTERM};
    for (int k = 0; k < 2; ++k) {
      if (::sigaction(signals[k], nullptr, &g_previous[k]) != 0 || g_previous[k].sa_handler != SIG_DFL) continue;
      struct sigaction ours {};
      ours.sa_handler = remove_temporaries_and_die;
      sigemptyset(&ours.sa_mask);
      ::sigaction(signals[k], &ours, nullptr);
    }
  });
}

// Holds a slot for the life of one write (none when all are taken or the path is too long: the
// file is then still removed on every error, only not on a signal).
class TemporaryRegistration {
 public:
  explicit TemporaryRegistration(const std::string& path) {
    if (path.size() >= kPathBytes) return;
    install_handlers();
    static std::mutex claiming;  // claims are rare (one per file written); the handler never locks
    std::lock_guard<std::mutex> lock(claiming);
    for (int i = 0; i < kSlots; ++i)
      if (!g_used[i].load()) {
        std::memcpy(g_paths[i], path.c_str(), path.size() + 1);  // before the slot shows as used
        g_used[i].store(true);
        slot_ = i;
        return;
      }
  }
  ~TemporaryRegistration() {
    if (slot_ >= 0) g_used[slot_].store(false);
  }
  TemporaryRegistration(const TemporaryRegistration&) = delete;
  TemporaryRegistration& operator=(const TemporaryRegistration&) = delete;

 private:
  int slot_ = -1;
};

}  // namespace

void check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw std::runtime_error("cannot write to an empty file name");
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error("cannot write '" + path + "': directory '" + dir.string() + "' does not exist");
  const fs::file_status st = fs::status(target, ec);
  if (fs::is_directory(st)) throw std::runtime_error("cannot write '" + path + "': it is a directory");
  // The rename would replace a read-only file even where writing to it would fail (and root may
  // write anything): a file its owner made read-only is left alone.
  constexpr auto any_write = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
  if (fs::exists(st) && (st.permissions() & any_write) == fs::perms::none)
    throw std::runtime_error("cannot write '" + path + "': the file is read-only (not replacing it)");
  if (::access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error("cannot write '" + path + "': directory '" + dir.string() + "' is not writable");
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write, bool binary) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  check_writable(path);
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  const TemporaryRegistration registration(tmp.string());
  try {
    {
      std::ofstream out(tmp, binary ? std::ios::binary : std::ios::out);
      if (!out) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
      write(out);
      out.flush();
      if (!out) throw std::runtime_error("cannot write '" + path + "': write failed (disk full?)");
    }
    fs::rename(tmp, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

}  // namespace minidl
