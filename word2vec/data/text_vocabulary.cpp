#include <minidl/word2vec/data/text_vocabulary.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <thread>

#include <sys/stat.h>

namespace minidl {

FileIdentity identity_of(const std::string& path, const std::string& where) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw std::runtime_error(where + ": cannot examine: " + std::strerror(errno));
  FileIdentity id;
  id.size = static_cast<std::uint64_t>(st.st_size);
  id.modified_ns = std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  return id;
}

namespace {

// The first pass in `threads` parts read side by side, each from a line's start (parts must not
// split a line: its "<eos>" depends on all of it), then appended in order. Returns the bytes read,
// or 0 when a part failed: the caller then reads the file in one part, which fails the same way and
// says where in the file (a part knows its line numbers only within itself).
std::uint64_t scan_in_parts(const std::string& path, const TextCorpusOptions& options, const std::string& where,
                            std::uint64_t checkpoint_every, std::size_t threads, Scanner& all) {
  const std::uint64_t size = identity_of(path, where).size;
  std::vector<std::uint64_t> starts = line_starts_near(path, size, threads);
  starts.push_back(size);
  const std::size_t parts = starts.size() - 1;
  std::vector<std::unique_ptr<Scanner>> scanners;
  for (std::size_t p = 0; p < parts; ++p)
    scanners.push_back(std::make_unique<Scanner>(options.eos, where, false, checkpoint_every, options.min_count));
  std::vector<std::uint64_t> bytes(parts, 0);
  std::vector<char> failed(parts, 0);
  const auto run = [&](std::size_t p) {
    try {
      bytes[p] = scan_text_part(path, starts[p], starts[p + 1], options.lower, where, *scanners[p]);
    } catch (...) {
      failed[p] = 1;
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t p = 1; p < parts; ++p) pool.emplace_back(run, p);
  run(0);
  for (auto& t : pool) t.join();
  std::uint64_t total = 0;
  for (std::size_t p = 0; p < parts; ++p) {
    if (failed[p]) return 0;
    total += bytes[p];
  }
  all = std::move(*scanners[0]);
  for (std::size_t p = 1; p < parts; ++p) {
    all.append(*scanners[p]);
    scanners[p].reset();
  }
  return total;
}

}  // namespace

TextVocabulary build_text_vocabulary(const std::string& path, const TextCorpusOptions& options, std::size_t threads,
                                     std::uint64_t checkpoint_every) {
  const auto start = std::chrono::steady_clock::now();
  const std::string where = "text corpus '" + path + "'";
  TextVocabulary v;
  v.path = path;
  v.options = options;
  std::vector<std::int32_t> order;
  {
    Scanner scanner(options.eos, where, /*keep_stream=*/false, checkpoint_every, options.min_count);
    std::uint64_t bytes = 0;
    if (threads > 1 && std::filesystem::is_regular_file(path))
      bytes = scan_in_parts(path, options, where, checkpoint_every, threads, scanner);
    if (bytes == 0) {
      scanner = Scanner(options.eos, where, /*keep_stream=*/false, checkpoint_every, options.min_count);
      bytes = scan_text_file(path, options.lower, where, scanner);
    }
    v.file = identity_of(path, where);
    if (v.file.size != bytes)
      throw std::runtime_error(where + ": the file changed while it was read (" + std::to_string(bytes) +
                               " bytes read, " + std::to_string(v.file.size) + " now)");
    const std::vector<char> kept = kept_words(scanner, options.min_count, where);
    scanner.settle_line_ends(kept);
    order = rank_words(scanner.counts, kept);
    v.id_to_word.reserve(order.size());
    v.counts.reserve(order.size());
    for (std::size_t r = 0; r < order.size(); ++r) {
      const auto prov = static_cast<std::size_t>(order[r]);
      v.id_to_word.emplace_back(scanner.words.word(prov));
      v.lookup.intern(scanner.words.word(prov));  // interned in rank order: the table's ids are the ranks
      v.counts.push_back(scanner.counts[prov]);
      v.tokens += scanner.counts[prov];
      if (order[r] == scanner.eos_id) v.eos = static_cast<std::int32_t>(r);
    }
    v.units = scanner.units;
    v.checkpoints = std::move(scanner.checkpoints);
  }  // the provisional table, with every word min_count dropped, goes here
  v.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return v;
}

}  // namespace minidl
