// Passwords: the rules a new one must meet, and how it is kept (a salted
// PBKDF2-HMAC-SHA256 hash; the password itself is never stored or logged).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/principal.pb.h"

namespace casehub::auth {

// INVALID_ARGUMENT naming `field` unless `password` has 10..128 characters.
absl::Status CheckNewPassword(absl::string_view field, absl::string_view password);

absl::StatusOr<v1::PasswordHash> HashPassword(absl::string_view password, uint32_t iterations);

// Whether `password` is the one `hash` was made from. An empty hash (a
// certificate-only principal) matches nothing.
bool PasswordMatches(absl::string_view password, const v1::PasswordHash& hash);

}  // namespace casehub::auth
