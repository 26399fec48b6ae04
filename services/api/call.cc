#include "services/api/call.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "grpcpp/security/auth_context.h"
#include "services/api/call_guard.h"
#include "services/api/method_policy.h"

namespace casehub::api {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

std::string RoleWords(const std::vector<v1::Role>& roles) {
  return absl::StrJoin(roles, ", ", [](std::string* out, v1::Role role) {
    absl::StrAppend(out, v1::Role_Name(role));
  });
}

// The CN of a client certificate the TLS layer verified; empty without one.
std::string VerifiedCertificateName(const grpc::ServerContextBase& call) {
  std::shared_ptr<const grpc::AuthContext> context = call.auth_context();
  if (context == nullptr || !context->IsPeerAuthenticated()) return "";
  std::vector<grpc::string_ref> names = context->FindPropertyValues(GRPC_X509_CN_PROPERTY_NAME);
  if (names.empty()) return "";
  return std::string(names.front().data(), names.front().size());
}

std::string MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

}  // namespace

absl::StatusOr<auth::Authenticated> Authenticate(const grpc::ServerContextBase& call,
                                                 const auth::Authenticator& authenticator) {
  std::string header = MetadataValue(call, kAuthorizationHeader);
  if (!header.empty()) {
    if (!absl::StartsWith(header, kBearer)) {
      return absl::UnauthenticatedError(
          absl::StrCat(kAuthorizationHeader, ": must be 'Bearer <token>'"));
    }
    return authenticator.FromToken(absl::string_view(header).substr(kBearer.size()));
  }
  std::string certificate = VerifiedCertificateName(call);
  if (!certificate.empty()) return authenticator.FromCertificate(certificate);
  return absl::UnauthenticatedError(
      "no credentials: log in (casectl login) and send 'authorization: Bearer <token>', or "
      "connect with a client certificate registered to a principal");
}

absl::StatusOr<Caller> Authorize(grpc::ServerContextBase& call,
                                 const auth::Authenticator& authenticator,
                                 absl::string_view method) {
  ASSIGN_OR_RETURN(auth::Authenticated who, Authenticate(call, authenticator));
  // The record names who called, refused or not, and keeps the name when the
  // call ends its own token (Logout, a password change).
  NoteAuditedPrincipal(call, who.principal.id(), who.principal.site_id());
  const MethodPolicy* policy = FindMethodPolicy(method);
  if (policy == nullptr) {
    return absl::PermissionDeniedError(absl::StrCat(method, " has no access policy"));
  }
  Caller caller{std::move(who), {}, method};
  const v1::Principal& principal = caller.who.principal;
  caller.actor.set_principal_id(principal.id());
  caller.actor.set_site_id(principal.site_id());
  for (int role : principal.roles()) {
    bool allowed = policy->roles.empty();
    for (v1::Role permitted : policy->roles) allowed = allowed || permitted == role;
    if (allowed) {
      caller.actor.set_role(static_cast<v1::Role>(role));
      break;
    }
  }
  if (caller.actor.role() == v1::ROLE_UNSPECIFIED) {
    return absl::PermissionDeniedError(absl::StrCat(
        method, ": principal '", principal.id(), "' has none of the roles it needs (",
        RoleWords(policy->roles), ")"));
  }
  NoteAuthorized(call, method, caller.actor.role());
  return caller;
}

bool HoldsRole(const Caller& caller, v1::Role role) {
  for (int held : caller.who.principal.roles()) {
    if (held == role) return true;
  }
  return false;
}

std::string SiteOrCallers(const std::string& requested, const v1::Actor& actor) {
  return requested.empty() ? actor.site_id() : requested;
}

absl::Status RequireOwnSite(const Caller& caller, absl::string_view site) {
  if (site == caller.actor.site_id()) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      "site_id: '", site, "' is not your site (", caller.actor.site_id(),
      "); only a site's own people see its worklist and alerts"));
}

absl::Status RequireOwnOrSupervisedSite(const Caller& caller, absl::string_view site,
                                        const engine::SiteDirectory& network,
                                        absl::string_view scope, bool is_module, absl::Time now) {
  const std::string& own = caller.actor.site_id();
  if (site == own || network.Supervises(own, site, scope, is_module, now)) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "site_id: '", site, "' is not your site (", own, ") and no agreement in force lets your "
      "site supervise it", scope.empty() ? "" : absl::StrCat(" for ", scope)));
}

absl::Status CheckReplySize(size_t reply_bytes, size_t max_reply_bytes) {
  if (reply_bytes <= max_reply_bytes) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "the reply would be ", reply_bytes, " bytes, over the hub's max_message_bytes (",
      max_reply_bytes,
      "); ask for less at a time: a shorter period or one tumor type, a report without "
      "include_items (ListIndicatorItems pages through its items), a patient's timeline "
      "in parts (timeline_limit, timeline_after_seq), a smaller page_size"));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  // absl's canonical codes are gRPC's codes, number for number.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace casehub::api
