#include <minidl/word2vec/data/ptb.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <vector>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <minidl/framework/io/sha256.hpp>

extern char** environ;

namespace minidl {

namespace fs = std::filesystem;

namespace {

// The book's url_base (dataset/ptb.py).
constexpr const char* k_default_url_base = "https://raw.githubusercontent.com/tomsercu/lstm/master/data/";

struct PtbFile {
  const char* split;
  const char* name;
  std::uintmax_t size;
  const char* sha256;
};

// Sizes and digests of Mikolov's files as the book downloads them (the same bytes as
// ../shared/data/ptb/SHA256SUMS).
constexpr PtbFile k_files[] = {
    {"train", "ptb.train.txt", 5101618, "fcea919f6cf83f35d4d00c6cbf08040d13d4155226340912e2fef9c9c4102cbf"},
    {"valid", "ptb.valid.txt", 399782, "c9fe6985fe0d4ccb578183407d7668fc6066c20700cb4cf87d8ff1cc34df1bf2"},
    {"test", "ptb.test.txt", 449945, "dd65dff31e70846b2a6030a87482edcd5d199130cdcfa1f3dccbb033728deee0"},
};

const PtbFile& file_for(const std::string& split) {
  const std::string s = split == "val" ? "valid" : split;  // the book accepts 'val' for 'valid'
  for (const PtbFile& f : k_files)
    if (s == f.split) return f;
  throw std::invalid_argument("ptb: unknown split '" + split + "' (use train, val, valid or test)");
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::string(v) : std::string();
}

std::string url_base() {
  std::string base = env("MINIDL_PTB_URL");
  if (base.empty()) base = k_default_url_base;
  if (base.back() != '/') base += '/';
  return base;
}

// $XDG_CACHE_HOME/minidl/ptb, else ~/.cache/minidl/ptb; empty when neither can be known.
fs::path cache_dir() {
  const std::string xdg = env("XDG_CACHE_HOME");
  if (!xdg.empty() && fs::path(xdg).is_absolute()) return fs::path(xdg) / "minidl" / "ptb";  // the spec ignores relative ones
  const std::string home = env("HOME");
  if (!home.empty()) return fs::path(home) / ".cache" / "minidl" / "ptb";
  return {};
}

// DIR/name or DIR/ptb/name, whichever exists; empty when neither.
fs::path in_dir(const fs::path& dir, const char* name) {
  std::error_code ec;
  if (fs::is_regular_file(dir / name, ec)) return dir / name;
  if (fs::is_regular_file(dir / "ptb" / name, ec)) return dir / "ptb" / name;
  return {};
}

// What to do when no good copy can be had; every "cannot get the file" error ends with it.
std::string how_to_get_the_files(const fs::path& cache) {
  const std::string base = url_base();
  std::string s = "To use local copies, put ptb.train.txt, ptb.valid.txt and ptb.test.txt in one directory DIR "
                  "(or DIR/ptb/) and pass --data-dir DIR or set MINIDL_DATA_DIR=DIR";
  if (!cache.empty()) s += ", or put them in the cache directory " + cache.string();
  s += ". They can be downloaded from:";
  for (const PtbFile& f : k_files) s += "\n  " + base + f.name;
  return s;
}

// Size and SHA-256 against the constants; the error says what is wrong and what to do.
void verify(const fs::path& path, const PtbFile& want, const std::string& remedy) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) throw std::runtime_error("ptb: cannot read '" + path.string() + "': " + ec.message());
  if (size != want.size)
    throw std::runtime_error("ptb: '" + path.string() + "' is not the expected " + want.name + ": it has " +
                             std::to_string(size) + " bytes, not " + std::to_string(want.size) +
                             ", so its SHA-256 cannot be the expected " + want.sha256 + ". " + remedy);
  const std::string actual = sha256_hex_of_file(path.string());
  if (actual != want.sha256)
    throw std::runtime_error("ptb: '" + path.string() + "' is not the expected " + want.name + ": SHA-256 " + actual +
                             ", expected " + want.sha256 + ". " + remedy);
}

// The first executable called `name` on PATH; empty when there is none.
std::string find_program(const std::string& name) {
  std::string path = env("PATH");
  if (path.empty()) path = "/usr/local/bin:/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find(':', start), path.size());
    const fs::path dir = path.substr(start, end - start);
    if (!dir.empty()) {
      const fs::path candidate = dir / name;
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    start = end + 1;
  }
  return {};
}

// Runs argv[0] with the given arguments, no shell involved (so nothing in the URL or the paths is
// ever interpreted), stdin and stdout on /dev/null and stderr into err_path. Returns the exit code,
// or -1 with a reason in `why` when the program could not be run or was killed.
int run_program(const std::vector<std::string>& args, const std::string& err_path, std::string& why) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    why = "cannot run " + args[0] + ": " + std::strerror(rc);
    return -1;
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      why = std::string("waitpid failed: ") + std::strerror(errno);
      return -1;
    }
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  why = args[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
  return -1;
}

std::string first_line_of(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// Downloads url to target: into a temporary file beside it, renamed into place only when verified.
void download(const std::string& url, const fs::path& target, const PtbFile& want) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (ec)
    throw std::runtime_error("ptb: cannot create the cache directory '" + target.parent_path().string() +
                             "': " + ec.message() + ". " + how_to_get_the_files({}));
  const std::string stem = "." + target.filename().string() + ".download" + std::to_string(::getpid());
  const fs::path tmp = target.parent_path() / stem;
  const fs::path err = target.parent_path() / (stem + ".err");
  struct Cleanup {  // the temporaries go whatever happens
    fs::path a, b;
    ~Cleanup() {
      std::error_code ignored;
      fs::remove(a, ignored);
      fs::remove(b, ignored);
    }
  } cleanup{tmp, err};

  std::vector<std::string> args;
  if (const std::string curl = find_program("curl"); !curl.empty())
    args = {curl, "-fsSL", "-o", tmp.string(), url};
  else if (const std::string wget = find_program("wget"); !wget.empty())
    args = {wget, "-q", "-O", tmp.string(), url};
  else
    throw std::runtime_error("ptb: cannot download " + std::string(want.name) +
                             ": neither curl nor wget is installed (install one, or get the files yourself). " +
                             how_to_get_the_files(target.parent_path()));
  if (!url.empty() && url[0] == '-')  // would be read as an option
    throw std::invalid_argument("ptb: MINIDL_PTB_URL must not start with '-': " + url);
  std::string why;
  const int code = run_program(args, err.string(), why);
  if (code != 0) {
    if (why.empty()) {
      why = fs::path(args[0]).filename().string() + " exited with status " + std::to_string(code);
      if (const std::string msg = first_line_of(err); !msg.empty()) why += " (" + msg + ")";
    }
    throw std::runtime_error("ptb: " + std::string(want.name) + " is not available locally and downloading " + url +
                             " failed: " + why + " (offline?). " +
                             how_to_get_the_files(target.parent_path()));
  }
  verify(tmp, want,
         "The download from " + url + " returned other content (a proxy page, a truncated transfer?); nothing "
         "was saved. " + how_to_get_the_files(target.parent_path()));
  fs::rename(tmp, target, ec);
  if (ec) throw std::runtime_error("ptb: cannot save '" + target.string() + "': " + ec.message());
}

std::string read_whole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("ptb: cannot read '" + path + "': " + std::strerror(errno));
  std::string text;
  in.seekg(0, std::ios::end);
  text.resize(static_cast<std::size_t>(in.tellg()));
  in.seekg(0);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (!in) throw std::runtime_error("ptb: cannot read '" + path + "': read error");
  return text;
}

// The book's `open(path).read().replace('\n', '<eos>').strip().split()`, without building the
// replaced text: a '\n' adds "<eos>" to the word being built (so "a\nb" would be one word
// "a<eos>b", exactly as in Python; in the PTB files every '\n' stands between spaces). The white
// space set is Python's str.split for ASCII text; the files are ASCII (checked by their digest).
std::vector<std::string> book_words(const std::string& text) {
  const auto is_space = [](char c) {  // '\n' is not: it becomes part of a word
    const auto u = static_cast<unsigned char>(c);
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r' || (u >= 0x1c && u <= 0x1f);
  };
  std::vector<std::string> words;
  words.reserve(text.size() / 5);
  std::string word;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    if (is_space(text[i])) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
      ++i;
    } else if (text[i] == '\n') {
      word += "<eos>";
      ++i;
    } else {  // a run of ordinary characters, appended at once
      std::size_t j = i;
      while (j < n && text[j] != '\n' && !is_space(text[j])) ++j;
      word.append(text, i, j - i);
      i = j;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

std::string find_ptb_file(const std::string& split, const PtbOptions& options) {
  const PtbFile& want = file_for(split);
  const fs::path cache = cache_dir();

  if (!options.data_dir.empty()) {  // asked for explicitly: no other place will do
    const fs::path found = in_dir(options.data_dir, want.name);
    if (found.empty())
      throw std::runtime_error("ptb: the data directory '" + options.data_dir + "' holds neither " + want.name +
                               " nor ptb/" + want.name + ". " + how_to_get_the_files(cache));
    verify(found, want, "Replace it with the original file (see " + url_base() + want.name + ").");
    return found.string();
  }

  if (const std::string dir = env("MINIDL_DATA_DIR"); !dir.empty()) {
    const fs::path found = in_dir(dir, want.name);
    if (!found.empty()) {
      verify(found, want,
             "It was found through MINIDL_DATA_DIR=" + dir + "; replace it with the original file (see " +
                 url_base() + want.name + ") or unset MINIDL_DATA_DIR.");
      return found.string();
    }
  }

  if (cache.empty())
    throw std::runtime_error(std::string("ptb: ") + want.name +
                             " was not found and there is no cache directory (neither XDG_CACHE_HOME nor HOME is set). " +
                             how_to_get_the_files(cache));
  const fs::path cached = cache / want.name;
  std::error_code ec;
  if (fs::exists(cached, ec)) {
    verify(cached, want, "Delete it to download it again.");
    return cached.string();
  }
  if (!options.allow_download)
    throw std::runtime_error(std::string("ptb: ") + want.name + " was not found and downloading is off. " +
                             how_to_get_the_files(cache));
  download(url_base() + want.name, cached, want);
  return cached.string();
}

Corpus load_ptb(const std::string& split, const PtbOptions& options) {
  const PtbFile& want = file_for(split);  // a bad name fails before any file is touched
  // The book's load_vocab: ids in order of first appearance in the train file.
  std::vector<std::string> train_words = book_words(read_whole_file(find_ptb_file("train", options)));
  Corpus out;
  out.word_to_id.reserve(16384);
  for (const std::string& w : train_words)
    if (out.word_to_id.try_emplace(w, static_cast<int>(out.id_to_word.size())).second) out.id_to_word.push_back(w);

  const std::vector<std::string> words =
      std::string(want.split) == "train" ? std::move(train_words)
                                         : book_words(read_whole_file(find_ptb_file(want.split, options)));
  out.corpus = Ids::from_shape({words.size()});
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto it = out.word_to_id.find(words[i]);
    if (it == out.word_to_id.end())
      throw std::runtime_error(std::string("ptb: ") + want.name + ": word '" + words[i] + "' (token " +
                               std::to_string(i) + ") is not in the train vocabulary");
    out.corpus(i) = it->second;
  }
  return out;
}

}  // namespace minidl
