#include "tools/bench/process_rss.h"

#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace casehub::bench {

absl::StatusOr<int64_t> ResidentBytes(int pid) {
  const std::string path = absl::StrCat("/proc/", pid, "/status");
  std::ifstream status(path);
  if (!status) return absl::NotFoundError(absl::StrCat("no process ", pid, " (", path, ")"));
  std::string line;
  while (std::getline(status, line)) {
    // "VmRSS:     123456 kB"
    if (!absl::StartsWith(line, "VmRSS:")) continue;
    std::vector<absl::string_view> words =
        absl::StrSplit(line.substr(6), ' ', absl::SkipWhitespace());
    int64_t kib = 0;
    if (words.empty() || !absl::SimpleAtoi(words[0], &kib)) break;
    return kib * 1024;
  }
  return absl::InternalError(absl::StrCat(path, " has no readable VmRSS line"));
}

}  // namespace casehub::bench
