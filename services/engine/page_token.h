// The opaque token of a paged listing: the last index key a page returned,
// base64-encoded, valid only for the listing (key prefix) that made it.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::engine {

std::string PageTokenOf(absl::string_view last_key);

// The key to resume after: "" for an empty token (the first page);
// INVALID_ARGUMENT naming page_token for one that is not from a listing
// under `prefix`.
absl::StatusOr<std::string> KeyAfterPageToken(absl::string_view page_token,
                                              absl::string_view prefix);

}  // namespace casehub::engine
