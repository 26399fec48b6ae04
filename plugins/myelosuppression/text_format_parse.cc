#include "plugins/myelosuppression/text_format_parse.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"

namespace casehub::myelosuppression {
namespace {

// Keeps the parser's first complaint; later ones follow from it.
class FirstError final : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (message_.empty()) {
      message_ = absl::StrCat(line + 1, ":", column + 1, ": ", message);
    }
  }
  const std::string& message() const { return message_; }

 private:
  std::string message_;
};

}  // namespace

absl::Status ParseTextFormat(absl::string_view source, absl::string_view text,
                             google::protobuf::Message& out) {
  google::protobuf::TextFormat::Parser parser;
  FirstError error;
  parser.RecordErrorsTo(&error);
  if (!parser.ParseFromString(std::string(text), &out)) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ":", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace casehub::myelosuppression
