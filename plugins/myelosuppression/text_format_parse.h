// Protobuf text format, parsed with errors that say where: the rule tables
// and the settings are edited by hand.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace casehub::myelosuppression {

// Parses `text` into `out`. INVALID_ARGUMENT "<source>:<line>:<column>: ..."
// naming the first error.
absl::Status ParseTextFormat(absl::string_view source, absl::string_view text,
                             google::protobuf::Message& out);

}  // namespace casehub::myelosuppression
