// TokenSigner: makes and checks the hub's bearer tokens,
//   "chv1." base64url(TokenClaims) "." base64url(HMAC-SHA256(key, first two parts))
// A token that verifies was made by this hub (or one sharing its key) and is
// unchanged; whether it is still good (expiry, revocation, the principal) is
// the Authenticator's question. Thread-safe after construction.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/auth.pb.h"
#include "services/auth/crypto.h"

namespace casehub::auth {

class TokenSigner {
 public:
  // Reads the key from `path`: at least 32 bytes, readable by its owner only.
  // When the file does not exist and `create` is true, writes 32 random bytes
  // there first (mode 0600).
  static absl::StatusOr<std::unique_ptr<TokenSigner>> FromKeyFile(const std::string& path,
                                                                  bool create);
  explicit TokenSigner(absl::string_view key) : hmac_(key) {}

  std::string Sign(const v1::TokenClaims& claims) const;

  // The claims of a well-formed, correctly signed token; UNAUTHENTICATED
  // saying what is wrong otherwise.
  absl::StatusOr<v1::TokenClaims> Verify(absl::string_view token) const;

 private:
  HmacSha256 hmac_;
};

}  // namespace casehub::auth
