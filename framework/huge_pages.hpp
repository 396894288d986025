#pragma once
// Asks Linux to back [data, data + bytes) with 2 MiB pages (transparent huge pages, where the system
// leaves them to madvise, as Debian does). For big arrays read at random places (embedding matrices,
// hash tables): with 4 KiB pages nearly every such read is also a TLB miss. Only the whole 2 MiB
// pages inside the range are advised. Must come before the pages are first written; elsewhere, or
// if refused, nothing changes.
#include <cstddef>

namespace minidl {

void advise_huge_pages(void* data, std::size_t bytes);

}  // namespace minidl
