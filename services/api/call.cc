#include "services/api/call.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace casehub::api {
std::string MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(key);
  if (it == metadata.end()) return "";
  return std::string(it->second.data(), it->second.size());
}

absl::StatusOr<v1::Actor> ActorOf(const grpc::ServerContextBase& context) {
  v1::Actor actor;
  actor.set_principal_id(MetadataValue(context, kPrincipalHeader));
  if (actor.principal_id().empty()) {
    return absl::UnauthenticatedError(absl::StrCat(
        "no caller identity: send metadata ", kPrincipalHeader, " (and ",
        kSiteHeader, " for the site you act for)"));
  }
  actor.set_site_id(MetadataValue(context, kSiteHeader));
  std::string role = MetadataValue(context, kRoleHeader);
  if (role.empty()) {
    actor.set_role(v1::ROLE_UNSPECIFIED);
  } else {
    v1::Role parsed;
    if (!v1::Role_Parse(absl::StrCat("ROLE_", absl::AsciiStrToUpper(role)), &parsed) ||
        parsed == v1::ROLE_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat(kRoleHeader, ": '", role, "' is not a role"));
    }
    actor.set_role(parsed);
  }
  return actor;
}

absl::StatusOr<std::string> SiteOrCallers(const std::string& requested,
                                          const v1::Actor& actor) {
  if (!requested.empty()) return requested;
  if (!actor.site_id().empty()) return actor.site_id();
  return absl::InvalidArgumentError(
      absl::StrCat("site_id: is required when the call carries no ", kSiteHeader));
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  // absl's canonical codes are gRPC's codes, number for number.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace casehub::api
