#include <minidl/framework/io/atomic_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace minidl {

void check_writable(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw std::runtime_error("cannot write to an empty file name");
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw std::runtime_error("cannot write '" + path + "': directory '" + dir.string() + "' does not exist");
  const fs::file_status st = fs::status(target, ec);
  if (fs::is_directory(st)) throw std::runtime_error("cannot write '" + path + "': it is a directory");
  // The rename would replace a read-only file even where writing to it would fail (and root may
  // write anything): a file its owner made read-only is left alone.
  constexpr auto any_write = fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write;
  if (fs::exists(st) && (st.permissions() & any_write) == fs::perms::none)
    throw std::runtime_error("cannot write '" + path + "': the file is read-only (not replacing it)");
  if (::access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error("cannot write '" + path + "': directory '" + dir.string() + "' is not writable");
}

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write, bool binary) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  check_writable(path);
  const fs::path tmp = dir / ("." + target.filename().string() + ".tmp" + std::to_string(::getpid()));
  try {
    {
      std::ofstream out(tmp, binary ? std::ios::binary : std::ios::out);
      if (!out) throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
      write(out);
      out.flush();
      if (!out) throw std::runtime_error("cannot write '" + path + "': write failed (disk full?)");
    }
    fs::rename(tmp, target);
  } catch (...) {
    std::error_code ignored;
    fs::remove(tmp, ignored);
    throw;
  }
}

}  // namespace minidl
