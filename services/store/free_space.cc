#include "services/store/free_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace casehub::store {

absl::StatusOr<uint64_t> FreeBytes(const std::string& path) {
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot read free space of ", path, ": ", std::strerror(errno)));
  }
  // f_bavail, not f_bfree: the blocks reserved for root are not ours.
  return static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

}  // namespace casehub::store
