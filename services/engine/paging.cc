#include "services/engine/paging.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {

absl::StatusOr<int> PageSizeOf(int requested, int default_size, int max_size) {
  if (requested < 0 || requested > max_size) {
    return InvalidField("page_size", absl::StrCat("must be between 1 and ", max_size));
  }
  return requested == 0 ? default_size : requested;
}

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
