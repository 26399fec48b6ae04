// What every paged listing shares: the page size asked for, and the opaque
// token of the next page — the last index key a page returned,
// base64-encoded, valid only for the listing (key prefix) that made it.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::engine {

// The page size for `requested` (0: `default_size`); INVALID_ARGUMENT naming
// page_size outside 0..max_size.
absl::StatusOr<int> PageSizeOf(int requested, int default_size, int max_size);

std::string PageTokenOf(absl::string_view last_key);

// The key to resume after: "" for an empty token (the first page);
// INVALID_ARGUMENT naming page_token for one that is not from a listing
// under `prefix`.
absl::StatusOr<std::string> KeyAfterPageToken(absl::string_view page_token,
                                              absl::string_view prefix);

}  // namespace casehub::engine
