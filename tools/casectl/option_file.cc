#include "tools/casectl/option_file.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace casehub::casectl {

absl::StatusOr<std::string> ReadOptionFile(absl::string_view option, const std::string& path) {
  std::stringstream contents;
  if (path == "-") {
    contents << std::cin.rdbuf();
    return contents.str();
  }
  std::ifstream file(path, std::ios::binary);
  contents << file.rdbuf();
  if (!file) {
    return absl::FailedPreconditionError(absl::StrCat("--", option, ": cannot read ", path));
  }
  return contents.str();
}

}  // namespace casehub::casectl
