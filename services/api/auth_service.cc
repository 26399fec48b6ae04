#include "casehub/v1/auth.grpc.pb.h"
#include "casehub/status_macros.h"
#include "services/api/call_guard.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/store/keys.h"

namespace casehub::api {
namespace {

class AuthService final : public v1::AuthService::CallbackService {
 public:
  explicit AuthService(const ServiceContext& context) : context_(context) {}

  // The one call without credentials: it is how a principal gets them.
  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* call,
                                  const v1::LoginRequest* request,
                                  v1::LoginResponse* response) override {
    return RunOnExecutor(call, *context_.executor, context_.max_reply_bytes, response,
                         [this, call, request]() -> absl::StatusOr<v1::LoginResponse> {
                           // Failed logins are on record under the name tried
                           // (and its site's trail, when it exists).
                           if (store::IsValidId(request->principal_id())) {
                             std::optional<v1::StoredPrincipal> named =
                                 context_.principals->Find(request->principal_id());
                             NoteAuditedPrincipal(*call, request->principal_id(),
                                                  named ? named->principal().site_id() : "");
                           }
                           return context_.auth->Login(request->principal_id(),
                                                       request->password());
                         });
  }

  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* call, const v1::LogoutRequest*,
                                   v1::LogoutResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.AuthService/Logout", response,
                         [this](const Caller& caller) -> absl::StatusOr<v1::LogoutResponse> {
                           RETURN_IF_ERROR(context_.auth->Logout(caller.who));
                           return v1::LogoutResponse();
                         });
  }

  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* call, const v1::WhoAmIRequest*,
                                   v1::WhoAmIResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.AuthService/WhoAmI", response,
                         [](const Caller& caller) -> absl::StatusOr<v1::WhoAmIResponse> {
                           v1::WhoAmIResponse me;
                           *me.mutable_principal() = caller.who.principal;
                           if (caller.who.claims.has_expires_at()) {
                             *me.mutable_token_expires_at() = caller.who.claims.expires_at();
                           }
                           return me;
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAuthService(const ServiceContext& context) {
  return std::make_unique<AuthService>(context);
}

}  // namespace casehub::api
