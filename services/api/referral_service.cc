#include "casehub/v1/referral.grpc.pb.h"
#include "casehub/status_macros.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "services/engine/referrals.h"

namespace casehub::api {
namespace {

class ReferralService final : public v1::ReferralService::CallbackService {
 public:
  explicit ReferralService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* RequestReferral(grpc::CallbackServerContext* call,
                                            const v1::RequestReferralRequest* request,
                                            v1::Referral* response) override {
    v1::Command command;
    *command.mutable_request_referral() = *request;
    return Run(call, "/casehub.v1.ReferralService/RequestReferral", std::move(command), response);
  }

  grpc::ServerUnaryReactor* AcceptReferral(grpc::CallbackServerContext* call,
                                           const v1::AnswerReferralRequest* request,
                                           v1::Referral* response) override {
    v1::Command command;
    *command.mutable_accept_referral() = *request;
    return Run(call, "/casehub.v1.ReferralService/AcceptReferral", std::move(command), response);
  }

  grpc::ServerUnaryReactor* DeclineReferral(grpc::CallbackServerContext* call,
                                            const v1::AnswerReferralRequest* request,
                                            v1::Referral* response) override {
    v1::Command command;
    *command.mutable_decline_referral() = *request;
    return Run(call, "/casehub.v1.ReferralService/DeclineReferral", std::move(command), response);
  }

  grpc::ServerUnaryReactor* CancelReferral(grpc::CallbackServerContext* call,
                                           const v1::AnswerReferralRequest* request,
                                           v1::Referral* response) override {
    v1::Command command;
    *command.mutable_cancel_referral() = *request;
    return Run(call, "/casehub.v1.ReferralService/CancelReferral", std::move(command), response);
  }

  grpc::ServerUnaryReactor* CompleteReferral(grpc::CallbackServerContext* call,
                                             const v1::CompleteReferralRequest* request,
                                             v1::Referral* response) override {
    v1::Command command;
    *command.mutable_complete_referral() = *request;
    return Run(call, "/casehub.v1.ReferralService/CompleteReferral", std::move(command),
               response);
  }

  // Both sides of a referral list it: the referring and the receiving site.
  grpc::ServerUnaryReactor* ListReferrals(grpc::CallbackServerContext* call,
                                          const v1::ListReferralsRequest* request,
                                          v1::ListReferralsResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.ReferralService/ListReferrals", response,
                         [this, request](const Caller& caller)
                             -> absl::StatusOr<v1::ListReferralsResponse> {
                           const std::string site = SiteOrCallers(request->site_id(), caller.actor);
                           RETURN_IF_ERROR(RequireOwnSite(caller, site));
                           return context_.queries->ListReferrals(
                               site, request->open_only(),
                               {request->page_size(), request->page_token()});
                         });
  }

 private:
  // Runs a referral command and answers with the referral after it.
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* call, absl::string_view method,
                                v1::Command command, v1::Referral* response) {
    return RunAuthorized(call, context_, method, response,
                         [this, call, command = std::move(command)](
                             const Caller& caller) -> absl::StatusOr<v1::Referral> {
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           const v1::Referral* referral =
                               engine::FindReferral(result.state, result.outcome.entity_id());
                           if (referral == nullptr) {
                             return absl::InternalError("the referral vanished from state");
                           }
                           return *referral;
                         });
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeReferralService(const ServiceContext& context) {
  return std::make_unique<ReferralService>(context);
}

}  // namespace casehub::api
