// The few cryptographic primitives casehub needs, over OpenSSL's libcrypto:
// random bytes, HMAC-SHA256, PBKDF2-HMAC-SHA256 and a comparison that takes
// the same time wherever two strings differ. Thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace casehub::auth {

// `count` bytes from the operating system's secure generator.
absl::StatusOr<std::string> RandomBytes(size_t count);

// The 32-byte HMAC-SHA256 of `data` under `key`.
std::string HmacSha256(absl::string_view key, absl::string_view data);

// A 32-byte key derived from `password` and `salt` (RFC 8018, PBKDF2 with
// HMAC-SHA256).
absl::StatusOr<std::string> Pbkdf2Sha256(absl::string_view password, absl::string_view salt,
                                         uint32_t iterations);

// Equal contents, compared in time that depends only on the lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace casehub::auth
