#include "casehub/v1/case.grpc.pb.h"
#include "services/api/audit_interceptor.h"
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
    return RunCaseCommand(call, std::move(command), response);
  }

  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* call,
                                    const v1::GetCaseRequest* request,
                                    v1::Case* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, call, request]() -> absl::StatusOr<v1::Case> {
                           RETURN_IF_ERROR(engine::CheckIdField("case_id", request->case_id()));
                           std::optional<std::string> patient =
                               engine::OwningPatient(request->case_id(), engine::EntityKind::kCase);
                           if (!patient) {
                             return engine::InvalidField(
                                 "case_id", absl::StrCat("'", request->case_id(), "' is not a case id"));
                           }
                           NoteAuditedPatient(*call, *patient);
                           NoteAuditedEntity(*call, request->case_id());
                           absl::StatusOr<v1::PatientState> state =
                               context_.engine->LoadState(*patient);
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
    return RunCaseCommand(call, std::move(command), response);
  }

  grpc::ServerUnaryReactor* RecordCaseData(grpc::CallbackServerContext* call,
                                           const v1::RecordCaseDataRequest* request,
                                           v1::Case* response) override {
    v1::Command command;
    *command.mutable_record_case_data() = *request;
    return RunCaseCommand(call, std::move(command), response);
  }

  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* call,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override {
    return RunSiteListing(call, *context_.executor, request->site_id(), response,
                          [this, request](const std::string& site) {
                            return context_.queries->ListCases(
                                site, request->tumor_type(),
                                {request->page_size(), request->page_token()});
                          });
  }

 private:
  // Runs a command whose outcome names a case, answering with that case.
  grpc::ServerUnaryReactor* RunCaseCommand(grpc::CallbackServerContext* call,
                                           v1::Command command, v1::Case* response) {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, call, command = std::move(command)]() -> absl::StatusOr<v1::Case> {
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, *context_.engine, command));
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
