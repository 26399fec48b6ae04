#include "services/api/audit_interceptor.h"

#include <array>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/chemo.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "casehub/v1/report.grpc.pb.h"
#include "casehub/v1/task.grpc.pb.h"
#include "services/api/call.h"
#include "services/common/log.h"

namespace casehub::api {
namespace {

constexpr char kPatientNote[] = "x-casehub-audit-patient";
constexpr char kEntityNote[] = "x-casehub-audit-entity";
constexpr char kRequestNote[] = "x-casehub-audit-request";

// The services whose calls read or write patient data. Sites, plugins,
// administration and the audit trail itself are not audited.
bool HoldsPatientData(absl::string_view method) {
  static const std::array<const char*, 7> kServices = {
      v1::PatientService::service_full_name(), v1::CaseService::service_full_name(),
      v1::ClinicalService::service_full_name(), v1::TaskService::service_full_name(),
      v1::AlertService::service_full_name(),   v1::ChemoService::service_full_name(),
      v1::ReportService::service_full_name()};
  for (const char* service : kServices) {
    if (absl::StartsWith(method, absl::StrCat("/", service, "/"))) return true;
  }
  return false;
}

v1::AuditOutcome OutcomeOf(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return v1::AUDIT_OUTCOME_ALLOWED;
    case grpc::StatusCode::UNAUTHENTICATED:
    case grpc::StatusCode::PERMISSION_DENIED:
      return v1::AUDIT_OUTCOME_DENIED;
    default:
      return v1::AUDIT_OUTCOME_FAILED;
  }
}

// Removes the note under `key` from `trailing` and returns its last value.
std::string TakeNote(std::multimap<std::string, std::string>& trailing, const char* key) {
  auto [first, last] = trailing.equal_range(key);
  std::string value = first == last ? "" : std::prev(last)->second;
  trailing.erase(first, last);
  return value;
}

class AuditInterceptor final : public grpc::experimental::Interceptor {
 public:
  AuditInterceptor(grpc::experimental::ServerRpcInfo* info, engine::AuditLog* log)
      : info_(info), log_(log) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      absl::Status appended = log_->Append(RecordOf(methods));
      if (!appended.ok()) {
        LogWarning("audit record for %s not written: %s", info_->method(), appended.ToString());
        methods->ModifySendStatus(ToGrpcStatus(appended));
      }
    }
    methods->Proceed();
  }

 private:
  v1::AuditRecord RecordOf(grpc::experimental::InterceptorBatchMethods* methods) const {
    v1::AuditRecord record;
    record.set_method(info_->method());
    // The caller as named, even when the name was refused (a bad role).
    const grpc::ServerContextBase& call = *info_->server_context();
    absl::StatusOr<v1::Actor> actor = ActorOf(call);
    record.set_principal_id(actor.ok() ? actor->principal_id() : MetadataValue(call, kPrincipalHeader));
    record.set_site_id(actor.ok() ? actor->site_id() : MetadataValue(call, kSiteHeader));
    if (actor.ok()) record.set_role(actor->role());
    std::multimap<std::string, std::string>& trailing = *methods->GetSendTrailingMetadata();
    record.set_patient_id(TakeNote(trailing, kPatientNote));
    record.set_entity_id(TakeNote(trailing, kEntityNote));
    record.set_request_id(TakeNote(trailing, kRequestNote));
    const grpc::Status status = methods->GetSendStatus();
    record.set_outcome(OutcomeOf(status));
    record.set_status_code(status.error_code());
    return record;
  }

  grpc::experimental::ServerRpcInfo* info_;
  engine::AuditLog* log_;
};

class AuditInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit AuditInterceptorFactory(engine::AuditLog* log) : log_(log) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    if (!HoldsPatientData(info->method())) return nullptr;
    return new AuditInterceptor(info, log_);
  }

 private:
  engine::AuditLog* log_;
};

}  // namespace

void NoteAuditedPatient(grpc::ServerContextBase& call, const std::string& patient_id) {
  call.AddTrailingMetadata(kPatientNote, patient_id);
}

void NoteAuditedEntity(grpc::ServerContextBase& call, const std::string& entity_id) {
  call.AddTrailingMetadata(kEntityNote, entity_id);
}

void NoteAuditedRequest(grpc::ServerContextBase& call, const std::string& request_id) {
  call.AddTrailingMetadata(kRequestNote, request_id);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeAuditInterceptorFactory(
    engine::AuditLog* log) {
  return std::make_unique<AuditInterceptorFactory>(log);
}

}  // namespace casehub::api
