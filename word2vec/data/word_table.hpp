#pragma once
// Word -> id (and how often it was counted), for reading text at disk speed: open addressing with
// linear probing over one flat array of 32-byte slots (two to a cache line), the words end to end in
// one arena. A slot holds the word's hash, length, first 12 bytes and count, so looking up or
// counting a word of up to 12 bytes (nearly every word of a natural language) touches that slot and
// nothing else: at a million distinct words the table is far bigger than the caches, and each
// further array a look-up touched was another cache miss (with the length, offset, text and count in
// arrays of their own, a Zipf corpus of 10^6 words was read at 30 MB/s). std::unordered_map's node
// per entry and chain walks were slower still. Ids are given in order of first appearance: 0, 1, ...
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace minidl {

class WordTable {
 public:
  WordTable();
  ~WordTable();
  WordTable(WordTable&& other) noexcept;
  WordTable& operator=(WordTable&& other) noexcept;
  WordTable(const WordTable&) = delete;
  WordTable& operator=(const WordTable&) = delete;

  std::size_t size() const { return starts_.size(); }
  std::string_view word(std::size_t id) const {
    return std::string_view(arena_).substr(starts_[id], lengths_[id]);
  }
  // The id of w, adding it with the next id when new.
  std::int32_t intern(std::string_view w) { return intern(w, hash(w)); }
  // The id of w, or -1.
  std::int32_t find(std::string_view w) const { return find(w, hash(w)); }

  // The same in two steps, for reading many words: hash each and prefetch its slot first, then look
  // them up, so that the cache misses of a batch of words overlap instead of following each other.
  static std::uint64_t hash(std::string_view w) {
    // Eight bytes at a time, each multiplied into the state; inline, as it runs for every word read
    // (std::hash's byte-wise Murmur, out of line, took a tenth of the vocabulary pass). Good enough
    // for a table that compares the words anyway.
    const char* p = w.data();
    std::size_t n = w.size();
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    for (; n >= 8; n -= 8, p += 8) {
      std::uint64_t v;
      std::memcpy(&v, p, 8);
      h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    }
    std::uint64_t tail = 0;
    for (std::size_t i = 0; i < n; ++i) tail |= std::uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    h = (h ^ tail) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    return h ^ (h >> 32);
  }
  void prefetch(std::uint64_t h) const { __builtin_prefetch(&slots_[index(tag_of(h))]); }
  std::int32_t intern(std::string_view w, std::uint64_t h);
  std::int32_t find(std::string_view w, std::uint64_t h) const;

  // Interns w and counts n more of it; returns its id and its count so far.
  struct Counted {
    std::int32_t id;
    std::uint64_t count;
  };
  Counted count(std::string_view w, std::uint64_t h, std::uint64_t n = 1);
  // Every word's count, by id.
  std::vector<std::uint64_t> counts() const;

  // Bytes held (the slots, the arena and the offsets), for memory estimates.
  std::size_t bytes() const;

 private:
  static constexpr std::size_t kHead = 12;
  // All zero bytes is an empty slot, so a table fresh from calloc needs no filling.
  struct alignas(32) Slot {
    std::uint32_t tag;       // the hash's high half; its top bits are the slot's index
    std::uint32_t id1;       // the id + 1; 0: empty
    std::uint32_t length;
    char head[kHead];        // the word's first bytes, zero-padded
    std::uint64_t count;
  };
  static_assert(sizeof(Slot) == 32, "two slots to a cache line");
  static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
  // The first slot to probe: the tag's top bits, so that growing the table needs no hashing.
  std::size_t index(std::uint32_t tag) const { return (std::uint64_t(tag) << 32) >> shift_; }
  std::size_t slot_of(std::string_view w, std::uint64_t h);  // interning
  bool same(const Slot& s, std::uint32_t tag, std::string_view w) const;
  std::size_t find_slot(std::string_view w, std::uint64_t h) const;  // w's slot, or the empty one it would take
  void allocate(std::size_t n);  // n empty slots, on huge pages when big
  void grow();
  Slot* slots_ = nullptr;
  std::size_t mask_ = 0;  // slots - 1 (a power of two, at most 2^32)
  unsigned shift_ = 64;   // 64 - log2(slots)
  std::string arena_;
  std::vector<std::uint64_t> starts_;
  std::vector<std::uint32_t> lengths_;
};

}  // namespace minidl
