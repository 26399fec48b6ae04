// Options that several commands share, and what they put into requests:
// request metadata for writes and paging for lists.
#ifndef CASEHUB_TOOLS_CASECTL_SHARED_OPTIONS_H_
#define CASEHUB_TOOLS_CASECTL_SHARED_OPTIONS_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "casehub/v1/common.pb.h"
#include "tools/casectl/cli_spec.h"
#include "tools/casectl/option_values.h"

namespace casehub::casectl {

enum class VersionCheck {
  // The write creates a patient stream, so there is no version to expect.
  kNotApplicable,
  kOptional,
};

// `options` followed by --request-id and, if it applies, --expected-version.
std::vector<OptionSpec> WithWriteOptions(std::vector<OptionSpec> options,
                                         VersionCheck version_check);

// The meta of a write: --request-id, or a fresh random one, and
// --expected-version when given.
v1::RequestMeta RequestMetaFromOptions(const OptionValues& options);

// 32 lower-case hex digits from an entropy-seeded generator: unique enough
// that a retry is the only way two writes share one.
std::string NewRequestId();

// `options` followed by --page-size and --page-token.
std::vector<OptionSpec> WithPageOptions(std::vector<OptionSpec> options);

// Copies the paging options into a list request.
template <typename ListRequest>
void SetPage(const OptionValues& options, ListRequest& request) {
  request.set_page_size(static_cast<int32_t>(options.Integer("page-size")));
  request.set_page_token(options.Text("page-token"));
}

// Tells how to fetch the next page, when there is one.
void PrintNextPage(const std::string& next_page_token, std::ostream& out);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_SHARED_OPTIONS_H_
