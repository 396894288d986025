#include <minidl/framework/huge_pages.hpp>

#include <cstdint>

#include <sys/mman.h>

namespace minidl {

void advise_huge_pages(void* data, std::size_t bytes) {
  const auto begin = reinterpret_cast<std::uintptr_t>(data);
  const auto end = begin + bytes;
  const std::uintptr_t huge = std::uintptr_t(2) << 20;
  const std::uintptr_t a = (begin + huge - 1) & ~(huge - 1), b = end & ~(huge - 1);
#ifdef MADV_HUGEPAGE
  if (b > a) madvise(reinterpret_cast<void*>(a), b - a, MADV_HUGEPAGE);
#else
  (void)a, (void)b;
#endif
}

}  // namespace minidl
