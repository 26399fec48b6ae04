// The KEY=VALUE arguments of `cases data`, as the facts of a
// RecordCaseDataRequest.
#ifndef CASEHUB_TOOLS_CASECTL_CASE_FACTS_H_
#define CASEHUB_TOOLS_CASECTL_CASE_FACTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "casehub/v1/case.pb.h"

namespace casehub::casectl {

// Adds one fact per argument, in order, split at the first '=' (a text value
// may contain more). Keys and values are the hub's to check against the
// plugin's fields: here only the shape is.
absl::Status AddCaseFacts(const std::vector<std::string>& arguments,
                          v1::RecordCaseDataRequest& request);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_CASE_FACTS_H_
