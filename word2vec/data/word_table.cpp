#include <minidl/word2vec/data/word_table.hpp>

#include <cstring>
#include <functional>

namespace minidl {

WordTable::WordTable() : slots_(std::size_t(1) << 16) {}

std::uint64_t WordTable::hash(std::string_view w) { return std::hash<std::string_view>{}(w); }

bool WordTable::same(const Slot& s, std::uint64_t h, std::string_view w) const {
  const auto id = static_cast<std::size_t>(s.id);
  return s.hash == h && lengths_[id] == w.size() && std::memcmp(arena_.data() + starts_[id], w.data(), w.size()) == 0;
}

std::int32_t WordTable::find(std::string_view w) const {
  const std::uint64_t h = hash(w);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id < 0) return -1;
    if (same(s, h, w)) return s.id;
  }
}

std::int32_t WordTable::intern(std::string_view w) {
  const std::uint64_t h = hash(w);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id < 0) break;
    if (same(s, h, w)) return s.id;
  }
  const auto id = static_cast<std::int32_t>(starts_.size());
  starts_.push_back(arena_.size());
  lengths_.push_back(static_cast<std::uint32_t>(w.size()));
  arena_.append(w);
  if (2 * starts_.size() > slots_.size()) grow();  // at most half full: probes stay short
  mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i].id >= 0) i = (i + 1) & mask;
  slots_[i] = {h, id};
  return id;
}

std::size_t WordTable::bytes() const {
  return slots_.capacity() * sizeof(Slot) + arena_.capacity() + starts_.capacity() * sizeof(std::uint64_t) +
         lengths_.capacity() * sizeof(std::uint32_t);
}

void WordTable::grow() {
  std::vector<Slot> old(slots_.size() * 2);
  old.swap(slots_);
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& s : old) {
    if (s.id < 0) continue;
    std::size_t i = s.hash & mask;
    while (slots_[i].id >= 0) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

}  // namespace minidl
