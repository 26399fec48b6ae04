#include "casehub/v1/case.grpc.pb.h"
#include "services/api/call_guard.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::api {
namespace {

absl::StatusOr<v1::Case> CaseIn(const v1::PatientState& state, const std::string& case_id) {
  const v1::Case* found = engine::FindCase(state, case_id);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", case_id, " not found"));
  }
  return *found;
}

class CaseService final : public v1::CaseService::CallbackService {
 public:
  explicit CaseService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* OpenCase(grpc::CallbackServerContext* call,
                                     const v1::OpenCaseRequest* request,
                                     v1::Case* response) override {
    v1::Command command;
    *command.mutable_open_case() = *request;
    return RunCaseCommand(call, "/casehub.v1.CaseService/OpenCase", std::move(command), response);
  }

  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* call,
                                    const v1::GetCaseRequest* request,
                                    v1::Case* response) override {
    // One patient's state: bounded.
    return RunBoundedRead(
        call, context_, "/casehub.v1.CaseService/GetCase", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::Case> {
          RETURN_IF_ERROR(engine::CheckIdField("case_id", request->case_id()));
          std::optional<std::string> patient =
              engine::OwningPatient(request->case_id(), engine::EntityKind::kCase);
          if (!patient) {
            return engine::InvalidField(
                "case_id", absl::StrCat("'", request->case_id(), "' is not a case id"));
          }
          NoteAuditedEntity(*call, request->case_id());
          absl::StatusOr<v1::PatientState> state =
              LoadReachablePatient(*call, context_, caller, *patient);
          if (absl::IsNotFound(state.status())) {
            return absl::NotFoundError(
                absl::StrCat("case_id: case ", request->case_id(), " not found"));
          }
          RETURN_IF_ERROR(state.status());
          return CaseIn(*state, request->case_id());
        });
  }

  grpc::ServerUnaryReactor* ChangeCaseStage(grpc::CallbackServerContext* call,
                                            const v1::ChangeCaseStageRequest* request,
                                            v1::Case* response) override {
    v1::Command command;
    *command.mutable_change_case_stage() = *request;
    return RunCaseCommand(call, "/casehub.v1.CaseService/ChangeCaseStage", std::move(command),
                          response);
  }

  grpc::ServerUnaryReactor* RecordCaseData(grpc::CallbackServerContext* call,
                                           const v1::RecordCaseDataRequest* request,
                                           v1::Case* response) override {
    v1::Command command;
    *command.mutable_record_case_data() = *request;
    return RunCaseCommand(call, "/casehub.v1.CaseService/RecordCaseData", std::move(command),
                          response);
  }

  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* call,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.CaseService/ListCases", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::ListCasesResponse> {
          const std::string site = SiteOrCallers(request->site_id(), caller.actor);
          ASSIGN_OR_RETURN(v1::ListCasesResponse cases,
                           context_.queries->ListCases(site, request->tumor_type(),
                                                       {request->page_size(), request->page_token()}));
          if (site == caller.actor.site_id()) return cases;
          // Another site's list: a hub sees the cases its agreements with
          // that site cover; nobody else sees any.
          const absl::Time now = context_.engine->clock().Now();
          const std::string& hub = caller.actor.site_id();
          RETURN_IF_ERROR(RequireOwnOrSupervisedSite(caller, site, *context_.sites, "",
                                                     /*is_module=*/false, now));
          v1::ListCasesResponse covered;
          covered.set_next_page_token(cases.next_page_token());
          for (v1::Case& c : *cases.mutable_cases()) {
            if (context_.sites->Supervises(hub, c.owning_site_id(), c.tumor_type(), false, now)) {
              *covered.add_cases() = std::move(c);
            }
          }
          return covered;
        });
  }

 private:
  // Runs a command whose outcome names a case, answering with that case.
  grpc::ServerUnaryReactor* RunCaseCommand(grpc::CallbackServerContext* call,
                                           absl::string_view method, v1::Command command,
                                           v1::Case* response) {
    return RunAuthorized(call, context_, method, response,
                         [this, call, command = std::move(command)](
                             const Caller& caller) -> absl::StatusOr<v1::Case> {
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           return CaseIn(result.state, result.outcome.entity_id());
                         });
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeCaseService(const ServiceContext& context) {
  return std::make_unique<CaseService>(context);
}

}  // namespace casehub::api
