// Authenticator: who is calling. Issues tokens at login and turns a bearer
// token or a verified TLS client certificate back into a principal, refusing
// (UNAUTHENTICATED) a token that is forged, expired, revoked, issued before
// the principal's tokens_valid_after, or of a disabled or unknown principal.
// Thread-safe.
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "casehub/v1/auth.pb.h"
#include "casehub/v1/principal.pb.h"
#include "services/auth/principal_directory.h"
#include "services/auth/token_signer.h"
#include "services/common/clock.h"

namespace casehub::auth {

// A caller whose credentials checked out.
struct Authenticated {
  v1::Principal principal;
  // Empty token_id when the call came with a client certificate instead.
  v1::TokenClaims claims;
};

class Authenticator {
 public:
  // Borrows everything. Tokens from Login last `token_ttl`.
  Authenticator(const TokenSigner* signer, PrincipalDirectory* principals, const Clock* clock,
                absl::Duration token_ttl)
      : signer_(signer), principals_(principals), clock_(clock), token_ttl_(token_ttl) {}

  // A new token for the principal when the password is its own.
  // UNAUTHENTICATED with the same words for an unknown principal and a wrong
  // password (so neither can be told apart); after 5 wrong passwords within
  // 15 minutes a principal is refused until those 15 minutes are over.
  absl::StatusOr<v1::LoginResponse> Login(absl::string_view principal_id,
                                          absl::string_view password);

  absl::StatusOr<Authenticated> FromToken(absl::string_view token) const;
  // `common_name` is the CN of a client certificate the TLS layer verified.
  absl::StatusOr<Authenticated> FromCertificate(absl::string_view common_name) const;

  // Refuses the caller's token from now on (a no-op for a certificate).
  absl::Status Logout(const Authenticated& caller);

 private:
  // OK for an enabled principal whose tokens issued at `issued_at` are good.
  absl::Status CheckStanding(const v1::Principal& principal, absl::Time issued_at) const;
  bool LockedOut(absl::string_view principal_id, absl::Time now);
  void NoteFailure(absl::string_view principal_id, absl::Time now);

  const TokenSigner* signer_;
  PrincipalDirectory* principals_;
  const Clock* clock_;
  const absl::Duration token_ttl_;

  struct Failures {
    int count = 0;
    absl::Time first;
  };
  absl::Mutex failures_mu_;
  absl::flat_hash_map<std::string, Failures> failures_ ABSL_GUARDED_BY(failures_mu_);
};

}  // namespace casehub::auth
