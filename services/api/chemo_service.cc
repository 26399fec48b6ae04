#include "casehub/v1/chemo.grpc.pb.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"

namespace casehub::api {
namespace {

// The entry of `entries` that `matches`, after the write that created it.
template <typename Entry, typename Matches>
absl::StatusOr<Entry> Written(const google::protobuf::RepeatedPtrField<Entry>& entries,
                              Matches matches) {
  for (const Entry& entry : entries) {
    if (matches(entry)) return entry;
  }
  return absl::InternalError("the recorded entry vanished from state");
}

class ChemoService final : public v1::ChemoService::CallbackService {
 public:
  explicit ChemoService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* RecordFnRiskAssessment(
      grpc::CallbackServerContext* call, const v1::RecordFnRiskAssessmentRequest* request,
      v1::FnRiskAssessment* response) override {
    v1::Command command;
    *command.mutable_record_fn_risk_assessment() = *request;
    return Run(call, "/casehub.v1.ChemoService/RecordFnRiskAssessment", std::move(command), response, [](const CommandResult& result) {
      return Written(result.state.fn_risk_assessments(), [&](const v1::FnRiskAssessment& a) {
        return a.id() == result.outcome.entity_id();
      });
    });
  }

  grpc::ServerUnaryReactor* RecordChemoConsent(grpc::CallbackServerContext* call,
                                               const v1::RecordChemoConsentRequest* request,
                                               v1::ChemoConsent* response) override {
    v1::Command command;
    *command.mutable_record_chemo_consent() = *request;
    return Run(call, "/casehub.v1.ChemoService/RecordChemoConsent", std::move(command), response,
               [case_id = request->case_id(), cycle = request->cycle_number()](
                   const CommandResult& result) {
                 return Written(result.state.chemo_consents(), [&](const v1::ChemoConsent& c) {
                   return c.case_id() == case_id && c.cycle_number() == cycle;
                 });
               });
  }

  grpc::ServerUnaryReactor* StartChemoCycle(grpc::CallbackServerContext* call,
                                            const v1::StartChemoCycleRequest* request,
                                            v1::ChemoCycle* response) override {
    v1::Command command;
    *command.mutable_start_chemo_cycle() = *request;
    return Run(call, "/casehub.v1.ChemoService/StartChemoCycle", std::move(command), response, [](const CommandResult& result) {
      return Written(result.state.chemo_cycles(), [&](const v1::ChemoCycle& c) {
        return c.id() == result.outcome.entity_id();
      });
    });
  }

  grpc::ServerUnaryReactor* RecordFebrileEpisode(grpc::CallbackServerContext* call,
                                                 const v1::RecordFebrileEpisodeRequest* request,
                                                 v1::FebrileEpisode* response) override {
    v1::Command command;
    *command.mutable_record_febrile_episode() = *request;
    return Run(call, "/casehub.v1.ChemoService/RecordFebrileEpisode", std::move(command), response, [](const CommandResult& result) {
      return Written(result.state.febrile_episodes(), [&](const v1::FebrileEpisode& e) {
        return e.id() == result.outcome.entity_id();
      });
    });
  }

  grpc::ServerUnaryReactor* RecordProphylaxis(grpc::CallbackServerContext* call,
                                              const v1::RecordProphylaxisRequest* request,
                                              v1::ProphylaxisAdministration* response) override {
    v1::Command command;
    *command.mutable_record_prophylaxis() = *request;
    return Run(call, "/casehub.v1.ChemoService/RecordProphylaxis", std::move(command), response, [](const CommandResult& result) {
      return Written(result.state.prophylaxis(), [&](const v1::ProphylaxisAdministration& g) {
        return g.id() == result.outcome.entity_id();
      });
    });
  }

 private:
  // Runs the command for the caller and answers with what `pick` finds in
  // the state after it.
  template <typename Response, typename Pick>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* call, absl::string_view method,
                                v1::Command command, Response* response, Pick pick) {
    return RunAuthorized(call, context_, method, response,
                         [this, call, command = std::move(command),
                          pick](const Caller& caller) -> absl::StatusOr<Response> {
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           return pick(result);
                         });
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeChemoService(const ServiceContext& context) {
  return std::make_unique<ChemoService>(context);
}

}  // namespace casehub::api
