#include "services/api/call_guard.h"

#include <map>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/api/call.h"
#include "services/common/log.h"

namespace casehub::api {
namespace {

// Every note's key starts so.
constexpr absl::string_view kNotePrefix = "x-casehub-";
constexpr char kPatientNote[] = "x-casehub-audit-patient";
constexpr char kEntityNote[] = "x-casehub-audit-entity";
constexpr char kRequestNote[] = "x-casehub-audit-request";
constexpr char kAccessNote[] = "x-casehub-audit-access";
constexpr char kPatientSitesNote[] = "x-casehub-audit-patient-sites";
constexpr char kPrincipalNote[] = "x-casehub-audit-principal";
constexpr char kPrincipalSiteNote[] = "x-casehub-audit-principal-site";
constexpr char kAuthorizedNote[] = "x-casehub-authorized";
constexpr char kRoleNote[] = "x-casehub-audit-role";
// A serialized AuditRecord: binary, so its key ends in "-bin".
constexpr char kEntryNote[] = "x-casehub-audit-entry-bin";
constexpr char kCommittedNote[] = "x-casehub-audit-committed";

constexpr absl::string_view kCasehubMethods = "/casehub.v1.";
// The one method that answers without authorizing: it is how credentials
// are had.
constexpr absl::string_view kLoginMethod = "/casehub.v1.AuthService/Login";

v1::AuditOutcome OutcomeOf(grpc::StatusCode code) {
  switch (code) {
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

// Removes every note: none is for the client.
void DropNotes(std::multimap<std::string, std::string>& trailing) {
  std::erase_if(trailing, [](const auto& note) { return absl::StartsWith(note.first, kNotePrefix); });
}

class CallGuard final : public grpc::experimental::Interceptor {
 public:
  CallGuard(grpc::experimental::ServerRpcInfo* info, engine::AuditLog* log)
      : info_(info), log_(log) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_STATUS)) {
      std::multimap<std::string, std::string>& trailing = *methods->GetSendTrailingMetadata();
      const std::string authorized = TakeNote(trailing, kAuthorizedNote);
      if (methods->GetSendStatus().ok() && authorized != info_->method() &&
          info_->method() != kLoginMethod) {
        LogError("%s answered without authorizing its caller (noted '%s')", info_->method(),
                 authorized);
        methods->ModifySendStatus(grpc::Status(
            grpc::StatusCode::INTERNAL, "the server did not authorize this call; nothing is returned"));
      }
      // A write's records went into its own commit, unless the call failed
      // after that: then a record says how it ended.
      if (!TakeNote(trailing, kCommittedNote).empty() && methods->GetSendStatus().ok()) {
        DropNotes(trailing);
        methods->Proceed();
        return;
      }
      absl::Status appended = log_->AppendAll(RecordsOf(methods, trailing));
      if (!appended.ok()) {
        LogWarning("audit record for %s not written: %s", info_->method(), appended.ToString());
        methods->ModifySendStatus(ToGrpcStatus(appended));
      }
    }
    methods->Proceed();
  }

 private:
  // The call's record, then one per entry it noted.
  std::vector<v1::AuditRecord> RecordsOf(grpc::experimental::InterceptorBatchMethods* methods,
                                         std::multimap<std::string, std::string>& trailing) const {
    const v1::AuditRecord call = RecordOf(methods, trailing);
    std::vector<v1::AuditRecord> records = {call};
    auto [first, last] = trailing.equal_range(kEntryNote);
    for (auto note = first; note != last; ++note) {
      v1::AuditRecord entry;
      if (!entry.ParseFromString(note->second)) {
        LogError("%s noted an audit entry that does not parse", info_->method());
        continue;
      }
      records.push_back(CompleteEntry(call, std::move(entry)));
    }
    trailing.erase(first, last);
    return records;
  }

  v1::AuditRecord RecordOf(grpc::experimental::InterceptorBatchMethods* methods,
                           std::multimap<std::string, std::string>& trailing) const {
    v1::AuditRecord record;
    record.set_method(info_->method());
    // Who called is what Authorize (or Login, for the name tried) noted;
    // a call with no valid credentials named nobody.
    record.set_principal_id(TakeNote(trailing, kPrincipalNote));
    record.set_site_id(TakeNote(trailing, kPrincipalSiteNote));
    v1::Role role = v1::ROLE_UNSPECIFIED;
    if (v1::Role_Parse(TakeNote(trailing, kRoleNote), &role)) record.set_role(role);
    record.set_patient_id(TakeNote(trailing, kPatientNote));
    record.set_entity_id(TakeNote(trailing, kEntityNote));
    record.set_request_id(TakeNote(trailing, kRequestNote));
    v1::AccessBasis basis = v1::ACCESS_BASIS_UNSPECIFIED;
    if (v1::AccessBasis_Parse(TakeNote(trailing, kAccessNote), &basis)) {
      record.set_access_basis(basis);
    }
    for (absl::string_view site :
         absl::StrSplit(TakeNote(trailing, kPatientSitesNote), ',', absl::SkipEmpty())) {
      record.add_patient_site_ids(std::string(site));
    }
    const grpc::Status status = methods->GetSendStatus();
    record.set_outcome(OutcomeOf(status.error_code()));
    record.set_status_code(status.error_code());
    return record;
  }

  grpc::experimental::ServerRpcInfo* info_;
  engine::AuditLog* log_;
};

class CallGuardFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit CallGuardFactory(engine::AuditLog* log) : log_(log) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    // Health checking and reflection are gRPC's own and carry no data.
    if (!absl::StartsWith(info->method(), kCasehubMethods)) return nullptr;
    return new CallGuard(info, log_);
  }

 private:
  engine::AuditLog* log_;
};

}  // namespace

v1::AuditRecord AllowedCallRecord(absl::string_view method, const v1::Actor& actor) {
  v1::AuditRecord record;
  record.set_method(std::string(method));
  record.set_principal_id(actor.principal_id());
  record.set_site_id(actor.site_id());
  record.set_role(actor.role());
  record.set_outcome(v1::AUDIT_OUTCOME_ALLOWED);
  record.set_status_code(grpc::StatusCode::OK);
  return record;
}

v1::AuditRecord CompleteEntry(const v1::AuditRecord& call, v1::AuditRecord entry) {
  // An entry cannot have succeeded in a call that failed.
  if (entry.status_code() == 0) entry.set_status_code(call.status_code());
  entry.set_principal_id(call.principal_id());
  entry.set_site_id(call.site_id());
  entry.set_role(call.role());
  entry.set_method(call.method());
  entry.set_outcome(OutcomeOf(static_cast<grpc::StatusCode>(entry.status_code())));
  return entry;
}

void NoteAuditCommitted(grpc::ServerContextBase& call) {
  call.AddTrailingMetadata(kCommittedNote, "1");
}

void NoteAuditedPatient(grpc::ServerContextBase& call, const std::string& patient_id) {
  call.AddTrailingMetadata(kPatientNote, patient_id);
}

void NoteAuditedEntity(grpc::ServerContextBase& call, const std::string& entity_id) {
  call.AddTrailingMetadata(kEntityNote, entity_id);
}

void NoteAuditedRequest(grpc::ServerContextBase& call, const std::string& request_id) {
  call.AddTrailingMetadata(kRequestNote, request_id);
}

void NoteAuditedAccess(grpc::ServerContextBase& call, v1::AccessBasis basis,
                       const std::vector<std::string>& patient_sites) {
  call.AddTrailingMetadata(kAccessNote, v1::AccessBasis_Name(basis));
  call.AddTrailingMetadata(kPatientSitesNote, absl::StrJoin(patient_sites, ","));
}

void NoteAuditedPrincipal(grpc::ServerContextBase& call, const std::string& principal_id,
                          const std::string& site_id) {
  call.AddTrailingMetadata(kPrincipalNote, principal_id);
  call.AddTrailingMetadata(kPrincipalSiteNote, site_id);
}

void NoteAuditedEntry(grpc::ServerContextBase& call, const v1::AuditRecord& entry) {
  call.AddTrailingMetadata(kEntryNote, entry.SerializeAsString());
}

void NoteAuthorized(grpc::ServerContextBase& call, absl::string_view method, v1::Role role) {
  call.AddTrailingMetadata(kAuthorizedNote, std::string(method));
  call.AddTrailingMetadata(kRoleNote, v1::Role_Name(role));
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeCallGuardFactory(
    engine::AuditLog* log) {
  return std::make_unique<CallGuardFactory>(log);
}

}  // namespace casehub::api
