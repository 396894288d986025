#pragma once
// Writing output files without ever leaving a half-written or corrupted one: everything goes to
// a temporary file beside the target, which is renamed over it only once complete.
#include <functional>
#include <ostream>
#include <string>

namespace minidl {

// Calls write(stream) on a temporary file in the target's directory, then renames it to path.
// On any error (the callback throws, the disk fills, the directory is missing) the temporary is
// removed, an existing file at path is left untouched, and std::runtime_error names the path.
// SIGINT or SIGTERM during the write removes the temporary before the process ends (where the
// program left those signals at their default), so an interrupted run leaves nothing behind.
void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write,
                       bool binary = false);

// What write_file_atomic checks first, for programs to call before long work: throws
// std::runtime_error naming the path when it is empty, a directory, in a missing or unwritable
// directory, or an existing file without write permission (never replaced, even by root).
void check_writable(const std::string& path);

}  // namespace minidl
