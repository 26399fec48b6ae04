#include "casehub/v1/patient_service.grpc.pb.h"
#include "services/api/call_guard.h"
#include "services/api/call.h"
#include "services/api/command_call.h"
#include "services/api/services.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"
#include "services/engine/national_id.h"
#include "services/engine/patient_links.h"
#include "services/api/patient_index.h"
#include "services/engine/patient_access.h"
#include "services/engine/stored_elements.h"

namespace casehub::api {
namespace {

// The most events one GetPatient returns when it is given a limit.
constexpr int kMaxTimelineLimit = 1000;

absl::Status CheckTimelineRange(const v1::GetPatientRequest& request) {
  if (!request.include_timeline() &&
      (request.timeline_after_seq() != 0 || request.timeline_limit() != 0)) {
    return engine::InvalidField(request.timeline_after_seq() != 0 ? "timeline_after_seq"
                                                                  : "timeline_limit",
                                "applies to the timeline: set include_timeline too");
  }
  if (request.timeline_limit() < 0 || request.timeline_limit() > kMaxTimelineLimit) {
    return engine::InvalidField(
        "timeline_limit", absl::StrCat("must be 1..", kMaxTimelineLimit, ", or 0 for every event"));
  }
  return absl::OkStatus();
}

class PatientService final : public v1::PatientService::CallbackService {
 public:
  explicit PatientService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* RegisterPatient(grpc::CallbackServerContext* call,
                                            const v1::RegisterPatientRequest* request,
                                            v1::PatientView* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PatientService/RegisterPatient", response,
                         [this, call, request](const Caller& caller) -> absl::StatusOr<v1::PatientView> {
                           v1::Command command;
                           ASSIGN_OR_RETURN(*command.mutable_register_patient(),
                                            WithNationalIdHashed(*request));
                           ASSIGN_OR_RETURN(CommandResult result,
                                            ExecuteForCaller(*call, context_, caller, command));
                           v1::PatientView view;
                           *view.mutable_state() = std::move(result.state);
                           return view;
                         });
  }

  grpc::ServerUnaryReactor* GetPatient(grpc::CallbackServerContext* call,
                                       const v1::GetPatientRequest* request,
                                       v1::PatientView* response) override {
    auto read = [this, call, request](const Caller& caller) -> absl::StatusOr<v1::PatientView> {
      RETURN_IF_ERROR(engine::CheckIdField("patient_id", request->patient_id()));
      if (!engine::IsPatientId(request->patient_id())) {
        return engine::InvalidField(
            "patient_id", absl::StrCat("'", request->patient_id(), "' is not a patient id"));
      }
      RETURN_IF_ERROR(CheckTimelineRange(*request));
      // One snapshot, so the state and the timeline agree.
      std::unique_ptr<store::Snapshot> snapshot = context_.store->NewSnapshot();
      v1::PatientView view;
      // The state and the timeline are sent as stored (engine/stored_elements.h).
      ASSIGN_OR_RETURN(
          const std::string state,
          LoadReachableStoredState(*call, context_, caller, request->patient_id(), snapshot.get()));
      engine::AppendStoredElement(view, v1::PatientView::kStateFieldNumber, state);
      ASSIGN_OR_RETURN(std::vector<v1::PatientLink> linked,
                       context_.queries->LinksTo(request->patient_id()));
      for (v1::PatientLink& link : linked) {
        *view.add_linked_from() = std::move(link);
      }
      if (request->include_timeline()) {
        RETURN_IF_ERROR(context_.engine->VisitEventBytes(
            request->patient_id(), snapshot.get(),
            {.after_seq = request->timeline_after_seq(),
             .limit = static_cast<size_t>(request->timeline_limit())},
            [&view](absl::string_view event) {
              engine::AppendStoredElement(view, v1::PatientView::kTimelineFieldNumber, event);
            }));
      }
      return view;
    };
    constexpr absl::string_view kMethod = "/casehub.v1.PatientService/GetPatient";
    // A whole timeline grows with the patient's history: a worker reads it.
    if (request->include_timeline() && request->timeline_limit() == 0) {
      return RunAuthorized(call, context_, kMethod, response, std::move(read));
    }
    return RunBoundedRead(call, context_, kMethod, response, std::move(read));
  }

  grpc::ServerUnaryReactor* ListPatients(grpc::CallbackServerContext* call,
                                         const v1::ListPatientsRequest* request,
                                         v1::ListPatientsResponse* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.PatientService/ListPatients", response,
        [this, request](const Caller& caller) -> absl::StatusOr<v1::ListPatientsResponse> {
          const std::string site = SiteOrCallers(request->site_id(), caller.actor);
          ASSIGN_OR_RETURN(v1::ListPatientsResponse patients,
                           context_.queries->ListPatients(
                               site, {request->page_size(), request->page_token()}));
          if (site == caller.actor.site_id()) return patients;
          // Another site's patients: a hub sees those it reaches through its
          // agreements with that site; nobody else sees any.
          const absl::Time now = context_.engine->clock().Now();
          RETURN_IF_ERROR(RequireOwnOrSupervisedSite(caller, site, *context_.sites, "",
                                                     /*is_module=*/false, now));
          v1::ListPatientsResponse reachable;
          reachable.set_next_page_token(patients.next_page_token());
          for (v1::Patient& patient : *patients.mutable_patients()) {
            ASSIGN_OR_RETURN(v1::PatientState state, context_.engine->LoadState(patient.id()));
            if (engine::PatientAccessOf(caller.actor, state, *context_.sites, now) ==
                v1::ACCESS_BASIS_SUPERVISING_HUB) {
              *reachable.add_patients() = std::move(patient);
            }
          }
          return reachable;
        });
  }

  grpc::ServerUnaryReactor* BreakGlass(grpc::CallbackServerContext* call,
                                       const v1::BreakGlassRequest* request,
                                       v1::EmergencyAccess* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.PatientService/BreakGlass", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::EmergencyAccess> {
          v1::Command command;
          *command.mutable_break_glass() = *request;
          ASSIGN_OR_RETURN(CommandResult result,
                           ExecuteForCaller(*call, context_, caller, command, PatientScope::kOutsideReach));
          // The grant this request made (a retry finds the same one).
          const v1::EmergencyAccess* granted = nullptr;
          for (const v1::EmergencyAccess& access : result.state.emergency_access()) {
            if (access.principal_id() == caller.actor.principal_id()) granted = &access;
          }
          if (granted == nullptr) return absl::InternalError("the emergency access vanished");
          return *granted;
        });
  }

  grpc::ServerUnaryReactor* FindPatients(grpc::CallbackServerContext* call,
                                         const v1::FindPatientsRequest* request,
                                         v1::FindPatientsResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.PatientService/FindPatients", response,
                         [this, request](const Caller& caller) {
                           return api::FindPatients(context_, caller, *request);
                         });
  }

  grpc::ServerUnaryReactor* LinkPatients(grpc::CallbackServerContext* call,
                                         const v1::LinkPatientsRequest* request,
                                         v1::PatientView* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.PatientService/LinkPatients", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::PatientView> {
          // The other record: in reach, not merged itself; and a duplicate
          // that others were merged into would start a chain.
          RETURN_IF_ERROR(engine::CheckIdField("other_patient_id", request->other_patient_id()));
          ASSIGN_OR_RETURN(v1::PatientState other,
                           LoadReachablePatient(*call, context_, caller,
                                                request->other_patient_id()));
          if (!other.patient().merged_into().empty()) {
            return absl::FailedPreconditionError(
                absl::StrCat("other_patient_id: ", other.patient().id(), " was merged into ",
                             other.patient().merged_into(), "; link to that record"));
          }
          if (request->mode() == v1::LINK_MODE_MERGE) {
            ASSIGN_OR_RETURN(std::vector<v1::PatientLink> into,
                             context_.queries->LinksTo(request->patient_id()));
            for (const v1::PatientLink& link : into) {
              if (link.mode() == v1::LINK_MODE_MERGE) {
                return absl::FailedPreconditionError(absl::StrCat(
                    "patient_id: ", link.patient_id(), " was merged into ",
                    request->patient_id(), "; unmerge it first, or merge it into ",
                    request->other_patient_id(), " directly"));
              }
            }
          }
          v1::Command command;
          *command.mutable_link_patients() = *request;
          return ViewAfter(*call, caller, std::move(command));
        });
  }

  grpc::ServerUnaryReactor* UnlinkPatients(grpc::CallbackServerContext* call,
                                           const v1::UnlinkPatientsRequest* request,
                                           v1::PatientView* response) override {
    return RunAuthorized(
        call, context_, "/casehub.v1.PatientService/UnlinkPatients", response,
        [this, call, request](const Caller& caller) -> absl::StatusOr<v1::PatientView> {
          RETURN_IF_ERROR(engine::CheckIdField("patient_id", request->patient_id()));
          RETURN_IF_ERROR(engine::CheckIdField("other_patient_id", request->other_patient_id()));
          // Both records in reach; the link is undone on the one holding it.
          ASSIGN_OR_RETURN(v1::PatientState first,
                           LoadReachablePatient(*call, context_, caller, request->patient_id()));
          ASSIGN_OR_RETURN(v1::PatientState second,
                           LoadReachablePatient(*call, context_, caller,
                                                request->other_patient_id()));
          v1::Command command;
          v1::UnlinkPatientsRequest& unlink = *command.mutable_unlink_patients();
          unlink = *request;
          if (engine::FindLink(first, second.patient().id()) == nullptr &&
              engine::FindLink(second, first.patient().id()) != nullptr) {
            unlink.set_patient_id(second.patient().id());
            unlink.set_other_patient_id(first.patient().id());
          }
          return ViewAfter(*call, caller, std::move(command));
        });
  }

 private:
  // The request with its national id checked, hashed and dropped: the
  // number is never stored, nor sent on to the engine.
  absl::StatusOr<v1::RegisterPatientRequest> WithNationalIdHashed(
      v1::RegisterPatientRequest request) const {
    request.mutable_patient()->clear_national_id_hash();
    if (request.national_id().empty()) return request;
    ASSIGN_OR_RETURN(std::string id,
                     engine::NormalizeNationalId("national_id", request.national_id()));
    const std::string born = engine::NationalIdBirthDate(id);
    if (!request.patient().birth_date().empty() && request.patient().birth_date() != born) {
      return engine::InvalidField(
          "national_id", absl::StrCat("holds the birth date ", born, ", but patient.birth_date is ",
                                      request.patient().birth_date()));
    }
    request.mutable_patient()->set_national_id_hash(context_.national_ids->Hash(id));
    request.clear_national_id();
    return request;
  }

  // Runs a command on one patient and answers with that patient's view.
  absl::StatusOr<v1::PatientView> ViewAfter(grpc::CallbackServerContext& call,
                                            const Caller& caller, v1::Command command) {
    ASSIGN_OR_RETURN(CommandResult result, ExecuteForCaller(call, context_, caller, command));
    v1::PatientView view;
    *view.mutable_state() = std::move(result.state);
    return view;
  }

  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakePatientService(const ServiceContext& context) {
  return std::make_unique<PatientService>(context);
}

}  // namespace casehub::api
