#include "services/engine/page_token.h"

#include "absl/strings/escaping.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {

std::string PageTokenOf(absl::string_view last_key) {
  return absl::WebSafeBase64Escape(last_key);
}

absl::StatusOr<std::string> KeyAfterPageToken(absl::string_view page_token,
                                              absl::string_view prefix) {
  std::string key;
  if (page_token.empty()) return key;
  if (!absl::WebSafeBase64Unescape(page_token, &key) || key.substr(0, prefix.size()) != prefix) {
    return InvalidField("page_token", "is not a token from this listing");
  }
  return key;
}

}  // namespace casehub::engine
