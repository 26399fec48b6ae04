// PrincipalDirectory: the people and integration accounts of the network and
// the tokens revoked before their expiry, kept in the meta column family and
// cached in memory (principals are read on every call). Every change is one
// synced write. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "casehub/v1/principal.pb.h"
#include "services/common/clock.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::auth {

class PrincipalDirectory {
 public:
  // Reads every stored principal and every revocation not yet expired.
  // New passwords are hashed with `hash_iterations`. Borrows everything.
  static absl::StatusOr<std::unique_ptr<PrincipalDirectory>> Load(
      store::Store* store, const engine::SiteDirectory* sites, const Clock* clock,
      uint32_t hash_iterations);

  // Checks and stores a new principal: an id of the id alphabet not used
  // before, a display name, a known site, at least one role (none twice), a
  // certificate subject no other principal has, and a password (10..128
  // characters) unless it authenticates by certificate alone.
  // ALREADY_EXISTS when the id is taken.
  absl::StatusOr<v1::Principal> Create(const v1::Principal& principal,
                                       absl::string_view password, absl::string_view changed_by);
  // Roles and display name when given, enabled/disabled when set. A role
  // change or disabling also refuses every token issued so far.
  absl::StatusOr<v1::Principal> Update(const v1::UpdatePrincipalRequest& request,
                                       absl::string_view changed_by);
  // Replaces the password and refuses every earlier token.
  absl::StatusOr<v1::Principal> SetPassword(absl::string_view principal_id,
                                            absl::string_view new_password,
                                            absl::string_view changed_by);
  absl::StatusOr<v1::Principal> RevokeTokens(absl::string_view principal_id,
                                             absl::string_view changed_by);

  std::optional<v1::StoredPrincipal> Find(absl::string_view principal_id) const;
  // The principal whose certificate_subject is `common_name`.
  std::optional<v1::Principal> FindByCertificate(absl::string_view common_name) const;
  // Principals of `site_id`, sorted by id.
  std::vector<v1::Principal> List(absl::string_view site_id) const;

  uint32_t hash_iterations() const { return hash_iterations_; }

  // Refuses one token until it would have expired anyway.
  absl::Status RevokeToken(absl::string_view token_id, absl::Time expires_at);
  bool IsRevoked(absl::string_view token_id) const;

 private:
  PrincipalDirectory(store::Store* store, const engine::SiteDirectory* sites, const Clock* clock,
                     uint32_t hash_iterations)
      : store_(store), sites_(sites), clock_(clock), hash_iterations_(hash_iterations) {}

  // Applies `change` to a copy of the stored principal and writes it.
  template <typename Change>
  absl::StatusOr<v1::Principal> Modify(absl::string_view principal_id,
                                       absl::string_view changed_by, Change change);
  absl::Status Write(const v1::StoredPrincipal& stored) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  store::Store* store_;
  const engine::SiteDirectory* sites_;
  const Clock* clock_;
  const uint32_t hash_iterations_;
  mutable absl::Mutex mu_;
  std::map<std::string, v1::StoredPrincipal, std::less<>> principals_ ABSL_GUARDED_BY(mu_);
  std::set<std::string, std::less<>> revoked_tokens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::auth
