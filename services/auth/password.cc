#include "services/auth/password.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/auth/crypto.h"

namespace casehub::auth {

absl::Status CheckNewPassword(absl::string_view field, absl::string_view password) {
  // Length is what protects a hashed password; composition rules mostly
  // produce predictable variations (NIST SP 800-63B, 5.1.1).
  if (password.size() < 10 || password.size() > 128) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be 10 to 128 characters, got ", password.size()));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::PasswordHash> HashPassword(absl::string_view password, uint32_t iterations) {
  v1::PasswordHash hash;
  ASSIGN_OR_RETURN(*hash.mutable_salt(), RandomBytes(16));
  hash.set_iterations(iterations);
  ASSIGN_OR_RETURN(*hash.mutable_hash(), Pbkdf2Sha256(password, hash.salt(), iterations));
  return hash;
}

bool PasswordMatches(absl::string_view password, const v1::PasswordHash& hash) {
  if (hash.hash().empty()) return false;
  absl::StatusOr<std::string> derived = Pbkdf2Sha256(password, hash.salt(), hash.iterations());
  return derived.ok() && ConstantTimeEquals(*derived, hash.hash());
}

}  // namespace casehub::auth
