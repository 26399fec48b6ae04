#include "services/auth/principal_directory.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/auth/password.h"
#include "services/engine/field_rules.h"
#include "services/store/keys.h"

namespace casehub::auth {
namespace {

absl::Status CheckRoles(const google::protobuf::RepeatedField<int>& roles) {
  if (roles.empty()) return engine::InvalidField("roles", "at least one role is required");
  std::set<int> seen;
  for (int i = 0; i < roles.size(); ++i) {
    if (roles[i] == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(roles[i])) {
      return engine::InvalidField(absl::StrCat("roles[", i, "]"), "is not a role");
    }
    if (!seen.insert(roles[i]).second) {
      return engine::InvalidField(absl::StrCat("roles[", i, "]"), "is listed twice");
    }
  }
  return absl::OkStatus();
}

template <typename Message>
absl::Status ParseInto(absl::string_view key, absl::string_view value, Message& message) {
  if (!message.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
    return absl::DataLossError(absl::StrCat("meta ", key, " does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrincipalDirectory>> PrincipalDirectory::Load(
    store::Store* store, const engine::SiteDirectory* sites, const Clock* clock,
    uint32_t hash_iterations) {
  auto directory = std::unique_ptr<PrincipalDirectory>(
      new PrincipalDirectory(store, sites, clock, hash_iterations));
  absl::MutexLock lock(&directory->mu_);
  absl::Status parsed;
  RETURN_IF_ERROR(store->Scan(store::Family::kMeta, store::kPrincipalPrefix, "",
                              [&](absl::string_view key, absl::string_view value) {
                                v1::StoredPrincipal stored;
                                parsed = ParseInto(key, value, stored);
                                if (!parsed.ok()) return false;
                                std::string id = stored.principal().id();
                                directory->principals_[id] = std::move(stored);
                                return true;
                              }));
  RETURN_IF_ERROR(parsed);
  // Expired revocations are dropped here: the token they name is refused
  // for its expiry anyway.
  const absl::Time now = clock->Now();
  store::WriteBatch expired = store->NewBatch();
  RETURN_IF_ERROR(store->Scan(
      store::Family::kMeta, store::kRevokedTokenPrefix, "",
      [&](absl::string_view key, absl::string_view value) {
        std::optional<uint64_t> until = store::ReadUint64(value);
        if (until && store::KeyMicrosToTime(*until) > now) {
          directory->revoked_tokens_.insert(
              std::string(key.substr(store::kRevokedTokenPrefix.size())));
        } else {
          expired.Delete(store::Family::kMeta, key);
        }
        return true;
      }));
  RETURN_IF_ERROR(store->Commit(expired));
  return directory;
}

absl::StatusOr<v1::Principal> PrincipalDirectory::Create(const v1::Principal& principal,
                                                         absl::string_view password,
                                                         absl::string_view changed_by) {
  if (!store::IsValidId(principal.id())) {
    return engine::InvalidField("principal.id", "must be 1-128 of [A-Za-z0-9._:-]");
  }
  RETURN_IF_ERROR(engine::CheckText("principal.display_name", principal.display_name(), 100, true));
  RETURN_IF_ERROR(engine::CheckIdField("principal.site_id", principal.site_id()));
  if (!sites_->Find(principal.site_id())) {
    return absl::NotFoundError(
        absl::StrCat("principal.site_id: no site '", principal.site_id(), "' in this network"));
  }
  RETURN_IF_ERROR(CheckRoles(principal.roles()));
  RETURN_IF_ERROR(engine::CheckText("principal.certificate_subject",
                                    principal.certificate_subject(), 200, false));
  if (!password.empty() || principal.certificate_subject().empty()) {
    RETURN_IF_ERROR(CheckNewPassword("initial_password", password));
  }
  v1::StoredPrincipal stored;
  v1::Principal& kept = *stored.mutable_principal();
  kept.set_id(principal.id());
  kept.set_display_name(principal.display_name());
  kept.set_site_id(principal.site_id());
  *kept.mutable_roles() = principal.roles();
  kept.set_certificate_subject(principal.certificate_subject());
  *kept.mutable_created_at() = engine::ToProtoTime(clock_->Now());
  kept.set_changed_by(std::string(changed_by));
  if (!password.empty()) {
    // Hashing is slow by design; not under the lock.
    ASSIGN_OR_RETURN(*stored.mutable_password(), HashPassword(password, hash_iterations_));
  }

  absl::MutexLock lock(&mu_);
  if (principals_.contains(principal.id())) {
    return absl::AlreadyExistsError(
        absl::StrCat("principal.id: '", principal.id(), "' exists already"));
  }
  if (!kept.certificate_subject().empty()) {
    for (const auto& [id, other] : principals_) {
      if (other.principal().certificate_subject() == kept.certificate_subject()) {
        return absl::AlreadyExistsError(absl::StrCat("principal.certificate_subject: '",
                                                     kept.certificate_subject(),
                                                     "' belongs to ", id));
      }
    }
  }
  RETURN_IF_ERROR(Write(stored));
  return kept;
}

template <typename Change>
absl::StatusOr<v1::Principal> PrincipalDirectory::Modify(absl::string_view principal_id,
                                                         absl::string_view changed_by,
                                                         Change change) {
  absl::MutexLock lock(&mu_);
  auto found = principals_.find(principal_id);
  if (found == principals_.end()) {
    return absl::NotFoundError(absl::StrCat("principal_id: no principal '", principal_id, "'"));
  }
  v1::StoredPrincipal stored = found->second;
  RETURN_IF_ERROR(change(stored));
  stored.mutable_principal()->set_changed_by(std::string(changed_by));
  RETURN_IF_ERROR(Write(stored));
  return stored.principal();
}

absl::StatusOr<v1::Principal> PrincipalDirectory::Update(const v1::UpdatePrincipalRequest& request,
                                                         absl::string_view changed_by) {
  if (!request.roles().empty()) RETURN_IF_ERROR(CheckRoles(request.roles()));
  RETURN_IF_ERROR(engine::CheckText("display_name", request.display_name(), 100, false));
  const google::protobuf::Timestamp now = engine::ToProtoTime(clock_->Now());
  return Modify(request.principal_id(), changed_by, [&](v1::StoredPrincipal& stored) {
    v1::Principal& principal = *stored.mutable_principal();
    if (!request.roles().empty()) {
      *principal.mutable_roles() = request.roles();
      *principal.mutable_tokens_valid_after() = now;
    }
    if (!request.display_name().empty()) principal.set_display_name(request.display_name());
    if (request.has_disabled()) {
      principal.set_disabled(request.disabled());
      if (request.disabled()) *principal.mutable_tokens_valid_after() = now;
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Principal> PrincipalDirectory::SetPassword(absl::string_view principal_id,
                                                              absl::string_view new_password,
                                                              absl::string_view changed_by) {
  RETURN_IF_ERROR(CheckNewPassword("new_password", new_password));
  ASSIGN_OR_RETURN(v1::PasswordHash hash, HashPassword(new_password, hash_iterations_));
  const google::protobuf::Timestamp now = engine::ToProtoTime(clock_->Now());
  return Modify(principal_id, changed_by, [&](v1::StoredPrincipal& stored) {
    *stored.mutable_password() = hash;
    *stored.mutable_principal()->mutable_tokens_valid_after() = now;
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Principal> PrincipalDirectory::RevokeTokens(absl::string_view principal_id,
                                                               absl::string_view changed_by) {
  const google::protobuf::Timestamp now = engine::ToProtoTime(clock_->Now());
  return Modify(principal_id, changed_by, [&](v1::StoredPrincipal& stored) {
    *stored.mutable_principal()->mutable_tokens_valid_after() = now;
    return absl::OkStatus();
  });
}

std::optional<v1::StoredPrincipal> PrincipalDirectory::Find(absl::string_view principal_id) const {
  absl::MutexLock lock(&mu_);
  auto found = principals_.find(principal_id);
  if (found == principals_.end()) return std::nullopt;
  return found->second;
}

std::optional<v1::Principal> PrincipalDirectory::FindByCertificate(
    absl::string_view common_name) const {
  if (common_name.empty()) return std::nullopt;
  absl::MutexLock lock(&mu_);
  for (const auto& [id, stored] : principals_) {
    if (stored.principal().certificate_subject() == common_name) return stored.principal();
  }
  return std::nullopt;
}

std::vector<v1::Principal> PrincipalDirectory::List(absl::string_view site_id) const {
  absl::MutexLock lock(&mu_);
  std::vector<v1::Principal> principals;
  for (const auto& [id, stored] : principals_) {
    if (stored.principal().site_id() == site_id) principals.push_back(stored.principal());
  }
  return principals;
}

absl::Status PrincipalDirectory::RevokeToken(absl::string_view token_id, absl::Time expires_at) {
  std::string until;
  store::AppendUint64(&until, store::TimeToKeyMicros(expires_at));
  absl::MutexLock lock(&mu_);
  store::WriteBatch batch = store_->NewBatch();
  batch.Put(store::Family::kMeta, store::RevokedTokenKey(token_id), until);
  RETURN_IF_ERROR(store_->Commit(batch));
  revoked_tokens_.insert(std::string(token_id));
  return absl::OkStatus();
}

bool PrincipalDirectory::IsRevoked(absl::string_view token_id) const {
  absl::MutexLock lock(&mu_);
  return revoked_tokens_.contains(token_id);
}

absl::Status PrincipalDirectory::Write(const v1::StoredPrincipal& stored) {
  store::WriteBatch batch = store_->NewBatch();
  batch.Put(store::Family::kMeta, store::PrincipalKey(stored.principal().id()),
            stored.SerializeAsString());
  RETURN_IF_ERROR(store_->Commit(batch));
  principals_[stored.principal().id()] = stored;
  return absl::OkStatus();
}

}  // namespace casehub::auth
