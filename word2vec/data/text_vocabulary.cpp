#include <minidl/word2vec/data/text_vocabulary.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

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

TextVocabulary build_text_vocabulary(const std::string& path, const TextCorpusOptions& options,
                                     std::uint64_t checkpoint_every) {
  const auto start = std::chrono::steady_clock::now();
  const std::string where = "text corpus '" + path + "'";
  TextVocabulary v;
  v.path = path;
  v.options = options;
  std::vector<std::int32_t> order;
  {
    Scanner scanner(options.eos, where, /*keep_stream=*/false, checkpoint_every, options.min_count);
    const std::uint64_t bytes = scan_text_file(path, options.lower, where, scanner);
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
