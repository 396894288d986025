#include <minidl/word2vec/data/word_table.hpp>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <utility>

#include <minidl/framework/huge_pages.hpp>

namespace minidl {

namespace {
// The first (up to) 12 bytes of w, zero-padded: compared as whole words, not byte by byte.
struct Head {
  char bytes[12] = {};
  explicit Head(std::string_view w) { std::memcpy(bytes, w.data(), std::min<std::size_t>(w.size(), 12)); }
};
}  // namespace

WordTable::WordTable() { allocate(std::size_t(1) << 12); }

WordTable::~WordTable() { std::free(slots_); }

WordTable::WordTable(WordTable&& other) noexcept { *this = std::move(other); }

WordTable& WordTable::operator=(WordTable&& other) noexcept {
  if (this != &other) {
    std::free(slots_);
    slots_ = std::exchange(other.slots_, nullptr);
    mask_ = std::exchange(other.mask_, 0);
    shift_ = std::exchange(other.shift_, 64);
    arena_ = std::move(other.arena_);
    starts_ = std::move(other.starts_);
    lengths_ = std::move(other.lengths_);
    other.allocate(std::size_t(1) << 12);  // left empty and usable
  }
  return *this;
}

// calloc: big blocks come straight from the kernel as zero pages, touched first when used. At a
// million words the table is 64 MiB, read at random: 2 MiB pages spare a TLB miss per look-up.
void WordTable::allocate(std::size_t n) {
  void* p = std::calloc(n, sizeof(Slot));
  if (!p) throw std::bad_alloc();
  advise_huge_pages(p, n * sizeof(Slot));
  slots_ = static_cast<Slot*>(p);
  mask_ = n - 1;
  shift_ = 64;
  while ((std::size_t(1) << (64 - shift_)) < n) --shift_;
}

bool WordTable::same(const Slot& s, std::uint32_t tag, std::string_view w) const {
  if (s.tag != tag || s.length != w.size()) return false;
  const Head head(w);
  if (std::memcmp(s.head, head.bytes, kHead) != 0) return false;
  // Only words longer than the head read the arena.
  return w.size() <= kHead ||
         std::memcmp(arena_.data() + starts_[s.id1 - 1] + kHead, w.data() + kHead, w.size() - kHead) == 0;
}

std::size_t WordTable::find_slot(std::string_view w, std::uint64_t h) const {
  const std::uint32_t tag = tag_of(h);
  for (std::size_t i = index(tag);; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.id1 == 0 || same(s, tag, w)) return i;
  }
}

std::int32_t WordTable::find(std::string_view w, std::uint64_t h) const {
  return static_cast<std::int32_t>(slots_[find_slot(w, h)].id1) - 1;
}

// slot_of first, then slots_: it may grow the table (in slots_[slot_of(...)], C++17 reads slots_ first).
std::int32_t WordTable::intern(std::string_view w, std::uint64_t h) {
  const std::size_t i = slot_of(w, h);
  return static_cast<std::int32_t>(slots_[i].id1) - 1;
}

WordTable::Counted WordTable::count(std::string_view w, std::uint64_t h, std::uint64_t n) {
  const std::size_t i = slot_of(w, h);
  return {static_cast<std::int32_t>(slots_[i].id1) - 1, slots_[i].count += n};
}

std::vector<std::uint64_t> WordTable::counts() const {
  std::vector<std::uint64_t> c(size(), 0);
  for (std::size_t i = 0; i <= mask_; ++i)
    if (slots_[i].id1 != 0) c[slots_[i].id1 - 1] = slots_[i].count;
  return c;
}

std::size_t WordTable::slot_of(std::string_view w, std::uint64_t h) {
  std::size_t i = find_slot(w, h);
  if (slots_[i].id1 != 0) return i;
  if (size() >= (std::size_t(1) << 31) - 1) throw std::length_error("WordTable: more than 2^31 - 1 words");
  const auto id1 = static_cast<std::uint32_t>(size() + 1);
  starts_.push_back(arena_.size());
  lengths_.push_back(static_cast<std::uint32_t>(w.size()));
  arena_.append(w);
  if (2 * size() > mask_ + 1) {  // at most half full: probes stay short
    grow();
    i = find_slot(w, h);
  }
  Slot& s = slots_[i];
  s.tag = tag_of(h);
  s.id1 = id1;
  s.length = static_cast<std::uint32_t>(w.size());
  std::memcpy(s.head, Head(w).bytes, kHead);
  s.count = 0;
  return i;
}

std::size_t WordTable::bytes() const {
  return (mask_ + 1) * sizeof(Slot) + arena_.capacity() + starts_.capacity() * sizeof(std::uint64_t) +
         lengths_.capacity() * sizeof(std::uint32_t);
}

// Each slot moves to its tag's place in the bigger table (or the next free one): no word is read.
void WordTable::grow() {
  Slot* const old = slots_;
  const std::size_t old_n = mask_ + 1;
  allocate(old_n * 2);
  for (std::size_t k = 0; k < old_n; ++k) {
    const Slot& s = old[k];
    if (s.id1 == 0) continue;
    std::size_t i = index(s.tag);
    while (slots_[i].id1 != 0) i = (i + 1) & mask_;
    slots_[i] = s;
  }
  std::free(old);
}

}  // namespace minidl
