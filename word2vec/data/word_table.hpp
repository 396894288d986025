#pragma once
// Word -> id, for reading text at disk speed: open addressing with linear probing over one flat
// array of (hash, id), the words end to end in one arena. With millions of distinct words,
// std::unordered_map's node per entry and its chain walks made the look-ups most of a text's
// reading time. Ids are given in order of first appearance: 0, 1, 2, ...
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace minidl {

class WordTable {
 public:
  WordTable();

  std::size_t size() const { return starts_.size(); }
  std::string_view word(std::size_t id) const {
    return std::string_view(arena_).substr(starts_[id], lengths_[id]);
  }
  // The id of w, adding it with the next id when new.
  std::int32_t intern(std::string_view w);
  // The id of w, or -1.
  std::int32_t find(std::string_view w) const;
  // Bytes held (the slots, the arena and the offsets), for memory estimates.
  std::size_t bytes() const;

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::int32_t id = -1;
  };
  static std::uint64_t hash(std::string_view w);
  bool same(const Slot& s, std::uint64_t h, std::string_view w) const;
  void grow();
  std::vector<Slot> slots_;
  std::string arena_;
  std::vector<std::uint64_t> starts_;
  std::vector<std::uint32_t> lengths_;
};

}  // namespace minidl
