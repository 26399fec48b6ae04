// The contents of a file an option names: certificates for --tls-*, a
// laboratory's results for labs import.
#ifndef CASEHUB_TOOLS_CASECTL_OPTION_FILE_H_
#define CASEHUB_TOOLS_CASECTL_OPTION_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::casectl {

// The whole of `path` ("-": standard input); FAILED_PRECONDITION naming
// --`option` when it cannot be read.
absl::StatusOr<std::string> ReadOptionFile(absl::string_view option, const std::string& path);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_OPTION_FILE_H_
