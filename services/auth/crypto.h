// The few cryptographic primitives casehub needs, over OpenSSL's libcrypto:
// random bytes, HMAC-SHA256, PBKDF2-HMAC-SHA256 and a comparison that takes
// the same time wherever two strings differ. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

// OpenSSL's EVP_MAC_CTX, kept out of this header.
struct evp_mac_ctx_st;

namespace casehub::auth {

// `count` bytes from the operating system's secure generator.
absl::StatusOr<std::string> RandomBytes(size_t count);

// HMAC-SHA256 under one key. The key is set once: each Mac copies the keyed
// state, where OpenSSL 3's one-shot HMAC() looks the algorithm up in its
// providers and hashes the key again on every call, and every call to the
// hub checks a token (docs/performance.md, "A token's HMAC keyed once").
// An OpenSSL failure here (no HMAC or SHA-256 in the library, no memory)
// ends the process: a token or a national-id hash made without it would be
// wrong, not refused.
class HmacSha256 {
 public:
  explicit HmacSha256(absl::string_view key);

  // The 32-byte MAC of `data`.
  std::string Mac(absl::string_view data) const;

 private:
  struct FreeContext {
    void operator()(evp_mac_ctx_st* context) const;
  };
  std::unique_ptr<evp_mac_ctx_st, FreeContext> keyed_;
};

// A 32-byte key derived from `password` and `salt` (RFC 8018, PBKDF2 with
// HMAC-SHA256).
absl::StatusOr<std::string> Pbkdf2Sha256(absl::string_view password, absl::string_view salt,
                                         uint32_t iterations);

// Equal contents, compared in time that depends only on the lengths.
bool ConstantTimeEquals(absl::string_view a, absl::string_view b);

}  // namespace casehub::auth
