#include "tools/casectl/shared_options.h"

#include <limits>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace casehub::casectl {

std::vector<OptionSpec> WithWriteOptions(std::vector<OptionSpec> options,
                                         VersionCheck version_check) {
  options.push_back({.name = "request-id",
                     .value_name = "ID",
                     .help = "Id of this change; a retry with the same id "
                             "writes nothing twice (default: a random id)"});
  if (version_check == VersionCheck::kOptional) {
    options.push_back({.name = "expected-version",
                       .kind = ValueKind::kInteger,
                       .value_name = "N",
                       .help = "Refuse the write unless the patient's stream "
                               "is at this version"});
  }
  return options;
}

v1::RequestMeta RequestMetaFromOptions(const OptionValues& options) {
  v1::RequestMeta meta;
  meta.set_request_id(options.Has("request-id") ? options.Text("request-id")
                                                : NewRequestId());
  meta.set_expected_version(options.Integer("expected-version"));
  return meta;
}

std::string NewRequestId() {
  absl::BitGen bits;
  return absl::StrFormat("%016x%016x", absl::Uniform<uint64_t>(bits),
                         absl::Uniform<uint64_t>(bits));
}

std::vector<OptionSpec> WithPageOptions(std::vector<OptionSpec> options) {
  options.push_back({.name = "page-size",
                     .kind = ValueKind::kInteger,
                     .value_name = "N",
                     .help = "Entries per page (server default when omitted)",
                     .max = std::numeric_limits<int32_t>::max()});
  options.push_back({.name = "page-token",
                     .value_name = "TOKEN",
                     .help = "Page to fetch, from a previous list"});
  return options;
}

void PrintNextPage(const std::string& next_page_token, std::ostream& out) {
  if (next_page_token.empty()) return;
  out << "\nMore results: --page-token " << next_page_token << '\n';
}

}  // namespace casehub::casectl
