#include <minidl/framework/io/atomic_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <unistd.h>

namespace minidl {

void write_file_atomic(const std::string& path, const std::function<void(std::ostream&)>& write, bool binary) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(dir))
    throw std::runtime_error("cannot write '" + path + "': directory '" + dir.string() + "' does not exist");
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
