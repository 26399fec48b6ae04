#include "services/auth/authenticator.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/auth/crypto.h"
#include "services/auth/password.h"
#include "services/engine/field_rules.h"

namespace casehub::auth {
namespace {

constexpr int kMaxFailures = 5;
constexpr absl::Duration kFailureWindow = absl::Minutes(15);

constexpr char kLoginRefused[] = "unknown principal or wrong password";

}  // namespace

absl::StatusOr<v1::LoginResponse> Authenticator::Login(absl::string_view principal_id,
                                                       absl::string_view password) {
  const absl::Time now = clock_->Now();
  if (LockedOut(principal_id, now)) {
    return absl::UnauthenticatedError(absl::StrCat(
        "principal '", principal_id, "': too many failed logins; try again in ",
        absl::FormatDuration(kFailureWindow)));
  }
  std::optional<v1::StoredPrincipal> stored = principals_->Find(principal_id);
  if (!stored) {
    // An unknown principal costs as much as a known one, so timing does not
    // tell which principals exist.
    v1::PasswordHash decoy;
    decoy.set_salt("decoy-salt");
    decoy.set_iterations(principals_->hash_iterations());
    decoy.set_hash(std::string(32, '\0'));
    PasswordMatches(password, decoy);
    return absl::UnauthenticatedError(kLoginRefused);
  }
  if (!PasswordMatches(password, stored->password())) {
    NoteFailure(principal_id, now);
    return absl::UnauthenticatedError(kLoginRefused);
  }
  if (stored->principal().disabled()) {
    return absl::UnauthenticatedError(
        absl::StrCat("principal '", principal_id, "' is disabled; ask your site administrator"));
  }
  {
    absl::MutexLock lock(&failures_mu_);
    failures_.erase(std::string(principal_id));
  }
  v1::TokenClaims claims;
  ASSIGN_OR_RETURN(std::string token_id, RandomBytes(16));
  claims.set_token_id(absl::BytesToHexString(token_id));
  claims.set_principal_id(std::string(principal_id));
  *claims.mutable_issued_at() = engine::ToProtoTime(now);
  *claims.mutable_expires_at() = engine::ToProtoTime(now + token_ttl_);

  v1::LoginResponse response;
  response.set_token(signer_->Sign(claims));
  *response.mutable_expires_at() = claims.expires_at();
  *response.mutable_principal() = stored->principal();
  return response;
}

absl::StatusOr<Authenticated> Authenticator::FromToken(absl::string_view token) const {
  ASSIGN_OR_RETURN(v1::TokenClaims claims, signer_->Verify(token));
  if (engine::ToAbslTime(claims.expires_at()) <= clock_->Now()) {
    return absl::UnauthenticatedError("the bearer token has expired; log in again");
  }
  if (principals_->IsRevoked(claims.token_id())) {
    return absl::UnauthenticatedError("the bearer token was revoked (logged out); log in again");
  }
  std::optional<v1::StoredPrincipal> stored = principals_->Find(claims.principal_id());
  if (!stored) {
    return absl::UnauthenticatedError(
        absl::StrCat("the bearer token names principal '", claims.principal_id(),
                     "', which does not exist"));
  }
  RETURN_IF_ERROR(CheckStanding(stored->principal(), engine::ToAbslTime(claims.issued_at())));
  return Authenticated{stored->principal(), std::move(claims)};
}

absl::StatusOr<Authenticated> Authenticator::FromCertificate(absl::string_view common_name) const {
  std::optional<v1::Principal> principal = principals_->FindByCertificate(common_name);
  if (!principal) {
    return absl::UnauthenticatedError(absl::StrCat(
        "the client certificate '", common_name, "' belongs to no principal"));
  }
  RETURN_IF_ERROR(CheckStanding(*principal, absl::InfiniteFuture()));
  return Authenticated{*std::move(principal), {}};
}

absl::Status Authenticator::Logout(const Authenticated& caller) {
  if (caller.claims.token_id().empty()) return absl::OkStatus();
  return principals_->RevokeToken(caller.claims.token_id(),
                                  engine::ToAbslTime(caller.claims.expires_at()));
}

absl::Status Authenticator::CheckStanding(const v1::Principal& principal,
                                          absl::Time issued_at) const {
  if (principal.disabled()) {
    return absl::UnauthenticatedError(
        absl::StrCat("principal '", principal.id(), "' is disabled"));
  }
  if (principal.has_tokens_valid_after() &&
      issued_at <= engine::ToAbslTime(principal.tokens_valid_after())) {
    return absl::UnauthenticatedError(absl::StrCat(
        "the bearer token was revoked (tokens of '", principal.id(),
        "' issued before ", absl::FormatTime(engine::ToAbslTime(principal.tokens_valid_after())),
        " are refused); log in again"));
  }
  return absl::OkStatus();
}

bool Authenticator::LockedOut(absl::string_view principal_id, absl::Time now) {
  absl::MutexLock lock(&failures_mu_);
  auto found = failures_.find(principal_id);
  if (found == failures_.end()) return false;
  if (now - found->second.first > kFailureWindow) {
    failures_.erase(found);
    return false;
  }
  return found->second.count >= kMaxFailures;
}

void Authenticator::NoteFailure(absl::string_view principal_id, absl::Time now) {
  absl::MutexLock lock(&failures_mu_);
  Failures& failures = failures_[principal_id];
  if (failures.count == 0) failures.first = now;
  ++failures.count;
}

}  // namespace casehub::auth
