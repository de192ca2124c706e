#include "daemon/storage/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace micrometrics::daemon {
namespace {

std::string Errno(std::string_view what, const std::string& path) {
  std::string error(what);
  error.append(" ").append(path).append(": ").append(std::strerror(errno));
  return error;
}

}  // namespace

std::string WriteFileAtomically(const std::string& path,
                                std::string_view data) {
  const std::string tmp = path + ".tmp";
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("cannot create", tmp);
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::string error = Errno("cannot write", tmp);
      ::close(fd);
      ::unlink(tmp.c_str());
      return error;
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    std::string error = Errno("cannot fsync", tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return error;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string error = Errno("cannot rename over", path);
    ::unlink(tmp.c_str());
    return error;
  }
  // The rename itself must reach the disk too.
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(),
                         O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return "";
}

}  // namespace micrometrics::daemon
