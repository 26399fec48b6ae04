#include "casehub/v1/audit.grpc.pb.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/api/call_guard.h"
#include "services/api/call.h"
#include "services/api/services.h"
#include "services/engine/patient_access.h"

namespace casehub::api {
namespace {

// Queries only: the service has no call that changes the trail.
class AuditService final : public v1::AuditService::CallbackService {
 public:
  explicit AuditService(const ServiceContext& context) : context_(context) {}

  grpc::ServerUnaryReactor* QueryAudit(grpc::CallbackServerContext* call,
                                       const v1::QueryAuditRequest* request,
                                       v1::QueryAuditResponse* response) override {
    return RunAuthorized(call, context_, "/casehub.v1.AuditService/QueryAudit", response,
                         [this, call, request](const Caller& caller)
                             -> absl::StatusOr<v1::QueryAuditResponse> {
                           // An auditor reviews their own site's trail only.
                           v1::QueryAuditRequest query = *request;
                           query.set_site_id(SiteOrCallers(request->site_id(), caller.actor));
                           if (query.site_id() != caller.actor.site_id()) {
                             return absl::PermissionDeniedError(absl::StrCat(
                                 "site_id: an auditor of ", caller.actor.site_id(),
                                 " reviews that site's trail, not '", query.site_id(), "'"));
                           }
                           ASSIGN_OR_RETURN(v1::QueryAuditResponse page,
                                            context_.audit_log->Query(query));
                           // Auditors are audited too: a look at a patient's
                           // trail shows in the trail of the patient's sites.
                           if (!query.patient_id().empty()) {
                             NoteAuditedPatient(*call, query.patient_id());
                             absl::StatusOr<v1::PatientState> state =
                                 context_.engine->LoadState(query.patient_id());
                             if (state.ok()) {
                               NoteAuditedAccess(*call, v1::ACCESS_BASIS_UNSPECIFIED,
                                                 engine::PatientSites(*state));
                             }
                           }
                           return page;
                         });
  }

 private:
  ServiceContext context_;
};

}  // namespace

std::unique_ptr<grpc::Service> MakeAuditService(const ServiceContext& context) {
  return std::make_unique<AuditService>(context);
}

}  // namespace casehub::api
