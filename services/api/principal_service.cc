#include <algorithm>

#include "absl/strings/str_cat.h"
#include "casehub/v1/principal.grpc.pb.h"
#include "casehub/status_macros.h"
#include "services/api/call.h"
#include "services/api/services.h"

namespace casehub::api {
namespace {

// A network administrator manages every site's principals; a site
// administrator only its own site's.
absl::Status RequireAdminOf(const Caller& caller, absl::string_view site) {
  if (HoldsRole(caller, v1::ROLE_NETWORK_ADMIN)) return absl::OkStatus();
  if (HoldsRole(caller, v1::ROLE_SITE_ADMIN) && caller.actor.site_id() == site) {
    return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("site '", site, "': only its site administrators or a network administrator "
                   "manage its principals"));
}

// Only a network administrator grants network administration: a site
// administrator cannot raise anyone (or themselves) above their own reach.
absl::Status RequireMayGrant(const Caller& caller,
                             const google::protobuf::RepeatedField<int>& roles) {
  const bool grants_network_admin =
      std::find(roles.begin(), roles.end(), v1::ROLE_NETWORK_ADMIN) != roles.end();
  if (grants_network_admin && !HoldsRole(caller, v1::ROLE_NETWORK_ADMIN)) {
    return absl::PermissionDeniedError(
        "roles: only a network administrator grants ROLE_NETWORK_ADMIN");
  }
  return absl::OkStatus();
}

class PrincipalService final : public v1::PrincipalService::CallbackService {
 public:
  explicit PrincipalService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* CreatePrincipal(grpc::CallbackServerContext* call,
                                            const v1::CreatePrincipalRequest* request,
                                            v1::Principal* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PrincipalService/CreatePrincipal", response,
                         [this, request](const Caller& caller) -> absl::StatusOr<v1::Principal> {
                           RETURN_IF_ERROR(RequireAdminOf(caller, request->principal().site_id()));
                           RETURN_IF_ERROR(RequireMayGrant(caller, request->principal().roles()));
                           return context_.principals->Create(request->principal(),
                                                              request->initial_password(),
                                                              caller.actor.principal_id());
                         });
  }

  grpc::ServerUnaryReactor* UpdatePrincipal(grpc::CallbackServerContext* call,
                                            const v1::UpdatePrincipalRequest* request,
                                            v1::Principal* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PrincipalService/UpdatePrincipal", response,
                         [this, request](const Caller& caller) -> absl::StatusOr<v1::Principal> {
                           ASSIGN_OR_RETURN(v1::Principal target, Target(request->principal_id()));
                           RETURN_IF_ERROR(RequireAdminOf(caller, target.site_id()));
                           RETURN_IF_ERROR(RequireMayGrant(caller, request->roles()));
                           RETURN_IF_ERROR(RequireMayGrant(caller, target.roles()));
                           return context_.principals->Update(*request,
                                                              caller.actor.principal_id());
                         });
  }

  grpc::ServerUnaryReactor* SetPassword(grpc::CallbackServerContext* call,
                                        const v1::SetPasswordRequest* request,
                                        v1::Principal* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.PrincipalService/SetPassword", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::Principal> {
          ASSIGN_OR_RETURN(v1::Principal target, Target(request->principal_id()));
          if (target.id() == caller.actor.principal_id()) {
            // Your own: prove it is you, not a borrowed token.
            absl::StatusOr<v1::LoginResponse> proof =
                context_.auth->Login(target.id(), request->current_password());
            if (!proof.ok()) {
              return absl::PermissionDeniedError("current_password: is not your password");
            }
          } else {
            RETURN_IF_ERROR(RequireAdminOf(caller, target.site_id()));
            RETURN_IF_ERROR(RequireMayGrant(caller, target.roles()));
          }
          return context_.principals->SetPassword(target.id(), request->new_password(),
                                                  caller.actor.principal_id());
        });
  }

  grpc::ServerUnaryReactor* RevokeTokens(grpc::CallbackServerContext* call,
                                         const v1::RevokeTokensRequest* request,
                                         v1::Principal* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PrincipalService/RevokeTokens", response,
                         [this, request](const Caller& caller) -> absl::StatusOr<v1::Principal> {
                           ASSIGN_OR_RETURN(v1::Principal target, Target(request->principal_id()));
                           RETURN_IF_ERROR(RequireAdminOf(caller, target.site_id()));
                           return context_.principals->RevokeTokens(target.id(),
                                                                    caller.actor.principal_id());
                         });
  }

  grpc::ServerUnaryReactor* ListPrincipals(grpc::CallbackServerContext* call,
                                           const v1::ListPrincipalsRequest* request,
                                           v1::ListPrincipalsResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PrincipalService/ListPrincipals", response,
                         [this, request](const Caller& caller)
                             -> absl::StatusOr<v1::ListPrincipalsResponse> {
                           const std::string site = SiteOrCallers(request->site_id(), caller.actor);
                           RETURN_IF_ERROR(RequireAdminOf(caller, site));
                           v1::ListPrincipalsResponse listed;
                           for (v1::Principal& principal : context_.principals->List(site)) {
                             *listed.add_principals() = std::move(principal);
                           }
                           return listed;
                         });
  }

 private:
  absl::StatusOr<v1::Principal> Target(const std::string& principal_id) const {
    std::optional<v1::StoredPrincipal> stored = context_.principals->Find(principal_id);
    if (!stored) {
      return absl::NotFoundError(absl::StrCat("principal_id: no principal '", principal_id, "'"));
    }
    return stored->principal();
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePrincipalService(const ServiceContext& context) {
  return std::make_unique<PrincipalService>(context);
}

}  // namespace casehub::api
