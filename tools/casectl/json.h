// JSON output (--json): the response message as one JSON object, with the
// field names of the .proto files.
#ifndef CASEHUB_TOOLS_CASECTL_JSON_H_
#define CASEHUB_TOOLS_CASECTL_JSON_H_

#include <ostream>

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace casehub::casectl {

absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_JSON_H_
