#include "casehub/v1/patient_service.grpc.pb.h"
#include "services/api/audit_interceptor.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::api {
namespace {

class PatientService final : public v1::PatientService::CallbackService {
 public:
  explicit PatientService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* RegisterPatient(grpc::CallbackServerContext* call,
                                            const v1::RegisterPatientRequest* request,
                                            v1::PatientView* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, call, request]() -> absl::StatusOr<v1::PatientView> {
                           v1::Command command;
                           *command.mutable_register_patient() = *request;
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, *context_.engine, command));
                           v1::PatientView view;
                           *view.mutable_state() = std::move(result.state);
                           return view;
                         });
  }

  grpc::ServerUnaryReactor* GetPatient(grpc::CallbackServerContext* call,
                                       const v1::GetPatientRequest* request,
                                       v1::PatientView* response) override {
    return RunOnExecutor(call, *context_.executor, response,
                         [this, call, request]() -> absl::StatusOr<v1::PatientView> {
                           RETURN_IF_ERROR(engine::CheckIdField("patient_id", request->patient_id()));
                           if (!engine::IsPatientId(request->patient_id())) {
                             return engine::InvalidField(
                                 "patient_id", absl::StrCat("'", request->patient_id(),
                                                            "' is not a patient id"));
                           }
                           NoteAuditedPatient(*call, request->patient_id());
                           // One snapshot, so the state and the timeline agree.
                           std::unique_ptr<store::Snapshot> snapshot = context_.store->NewSnapshot();
                           v1::PatientView view;
                           ASSIGN_OR_RETURN(*view.mutable_state(),
                                            context_.engine->LoadState(request->patient_id(),
                                                                       snapshot.get()));
                           if (request->include_timeline()) {
                             ASSIGN_OR_RETURN(std::vector<v1::Event> events,
                                              context_.engine->LoadEvents(request->patient_id(),
                                                                          snapshot.get()));
                             for (v1::Event& event : events) {
                               *view.add_timeline() = std::move(event);
                             }
                           }
                           return view;
                         });
  }

  grpc::ServerUnaryReactor* ListPatients(grpc::CallbackServerContext* call,
                                         const v1::ListPatientsRequest* request,
                                         v1::ListPatientsResponse* response) override {
    return RunSiteListing(call, *context_.executor, request->site_id(), response,
                          [this, request](const std::string& site) {
                            return context_.queries->ListPatients(
                                site, {request->page_size(), request->page_token()});
                          });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePatientService(const ServiceContext& context) {
  return std::make_unique<PatientService>(context);
}

}  // namespace casehub::api
