#include "services/engine/stored_fields.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"

namespace casehub::engine {

absl::Status ParseStoredFields(absl::string_view stored, absl::Span<const int> field_numbers,
                               absl::string_view what, google::protobuf::Message& message) {
  using google::protobuf::internal::WireFormatLite;
  // The wanted fields' bytes, tags included, in their stored order: parsing
  // them is parsing the whole message with the others left out.
  std::string wanted;
  google::protobuf::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(stored.data()),
                                               static_cast<int>(stored.size()));
  for (;;) {
    const int start = input.CurrentPosition();
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    if (!WireFormatLite::SkipField(&input, tag)) {
      return absl::DataLossError(absl::StrCat(what, " does not parse"));
    }
    const int number = static_cast<int>(WireFormatLite::GetTagFieldNumber(tag));
    if (std::find(field_numbers.begin(), field_numbers.end(), number) != field_numbers.end()) {
      wanted.append(stored.data() + start, input.CurrentPosition() - start);
    }
  }
  if (input.CurrentPosition() != static_cast<int>(stored.size()) ||
      !message.ParseFromString(wanted)) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace casehub::engine
