#include "services/api/command_call.h"

#include <functional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/api/call_guard.h"
#include "services/engine/command_target.h"
#include "services/engine/patient_access.h"
#include "services/engine/stored_fields.h"

namespace casehub::api {
namespace {

// Called with how the caller reached a patient (the basis, and the sites
// answering for the patient) before the gate decides, for the audit trail.
using NoteAccess = std::function<void(v1::AccessBasis basis, const v1::PatientState& state)>;

// Whether the caller, having reached `state`'s patient as `reached` says,
// may act on it in `scope`.
absl::Status CheckScope(const v1::PatientState& state,
                        const absl::StatusOr<v1::AccessBasis>& reached, bool answers_referral,
                        PatientScope scope) {
  const v1::AccessBasis basis = reached.ok() ? *reached : v1::ACCESS_BASIS_UNSPECIFIED;
  if (scope == PatientScope::kReachable) {
    RETURN_IF_ERROR(reached.status());
    // A site asked to take a referral may read the patient and answer;
    // it acts on the patient once it has accepted.
    if (basis == v1::ACCESS_BASIS_REFERRAL_RECEIVER && !answers_referral) {
      return absl::PermissionDeniedError(absl::StrCat(
          "patient ", state.patient().id(), ": your site was asked to take a referral of "
          "this patient; accept it before acting on the patient"));
    }
    return absl::OkStatus();
  }
  // There is no glass to break where the site reaches the patient anyway.
  if (basis != v1::ACCESS_BASIS_UNSPECIFIED && basis != v1::ACCESS_BASIS_EMERGENCY) {
    return absl::FailedPreconditionError(absl::StrCat(
        "patient ", state.patient().id(), ": your site reaches this patient already (",
        v1::AccessBasis_Name(basis), "); emergency access is for patients outside it"));
  }
  return absl::OkStatus();
}

// The gate of the caller's commands: it reaches the patient (patient_access.h)
// in `scope`, as `note` is told either way.
engine::PatientGate AccessGate(const ServiceContext& context, const Caller& caller,
                               PatientScope scope, bool answers_referral, NoteAccess note) {
  const absl::Time now = context.engine->clock().Now();
  return [&context, &caller, scope, answers_referral, now,
          note = std::move(note)](const v1::PatientState& state) -> absl::Status {
    absl::StatusOr<v1::AccessBasis> reached =
        engine::RequirePatientAccess(caller.actor, state, *context.sites, now);
    note(reached.ok() ? *reached : v1::ACCESS_BASIS_UNSPECIFIED, state);
    return CheckScope(state, reached, answers_referral, scope);
  };
}

// Checks the caller reaches the patient whose state (or its access fields)
// is `state`, noting the access for the audit record.
absl::Status CheckReach(grpc::CallbackServerContext& call, const ServiceContext& context,
                        const Caller& caller, const v1::PatientState& state) {
  absl::StatusOr<v1::AccessBasis> reached = engine::RequirePatientAccess(
      caller.actor, state, *context.sites, context.engine->clock().Now());
  NoteAuditedAccess(call, reached.ok() ? *reached : v1::ACCESS_BASIS_UNSPECIFIED,
                    engine::PatientSites(state));
  return reached.status();
}

}  // namespace

absl::StatusOr<v1::CommandOutcome> ExecuteAsCaller(grpc::CallbackServerContext& call,
                                                   const ServiceContext& context,
                                                   const Caller& caller, v1::Command command,
                                                   PatientScope scope) {
  // Noted before anything can refuse the write, so a refusal is recorded
  // with what it was about. A malformed target is the engine's to report.
  absl::StatusOr<const v1::RequestMeta*> meta = engine::RequestMetaOf(command);
  if (meta.ok()) NoteAuditedRequest(call, (*meta)->request_id());
  absl::StatusOr<std::string> target = engine::TargetPatient(command);
  if (target.ok() && !target->empty()) NoteAuditedPatient(call, *target);

  if (command.has_open_case() && !command.open_case().owning_site_id().empty() &&
      command.open_case().owning_site_id() != caller.actor.site_id()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "owning_site_id: a case is opened for your own site (", caller.actor.site_id(),
        "); to hand it to '", command.open_case().owning_site_id(), "', refer it"));
  }
  *command.mutable_actor() = caller.actor;
  // How the caller reached the patient, for the record that commits with the write.
  v1::AuditRecord record = AllowedCallRecord(caller.method, caller.actor);
  if (meta.ok()) record.set_request_id((*meta)->request_id());
  const engine::PatientGate gate = AccessGate(
      context, caller, scope,
      /*answers_referral=*/command.has_accept_referral() || command.has_decline_referral(),
      [&call, &record](v1::AccessBasis basis, const v1::PatientState& state) {
        const std::vector<std::string> sites = engine::PatientSites(state);
        NoteAuditedAccess(call, basis, sites);
        record.set_access_basis(basis);
        record.mutable_patient_site_ids()->Assign(sites.begin(), sites.end());
      });
  // A grant of emergency access belongs in the emergency review itself.
  const bool grants_emergency_access = command.has_break_glass();
  bool record_committed = false;
  const engine::WithCommit with_record =
      [&](absl::Span<const absl::StatusOr<v1::CommandOutcome>> results,
          store::WriteBatch& batch) {
        // One command: there is a commit only when it was staged.
        record.set_patient_id(results.front()->patient_id());
        record.set_entity_id(results.front()->entity_id());
        if (grants_emergency_access) record.set_access_basis(v1::ACCESS_BASIS_EMERGENCY);
        context.audit_log->AddAll({record}, batch);
        record_committed = true;
      };
  ASSIGN_OR_RETURN(v1::CommandOutcome outcome, context.engine->Execute(command, gate, with_record));
  if (record_committed) NoteAuditCommitted(call);
  if (grants_emergency_access) {
    NoteAuditedAccess(call, v1::ACCESS_BASIS_EMERGENCY,
                      {record.patient_site_ids().begin(), record.patient_site_ids().end()});
  }
  // A registration's patient is only known now.
  NoteAuditedPatient(call, outcome.patient_id());
  NoteAuditedEntity(call, outcome.entity_id());
  return outcome;
}

absl::StatusOr<std::vector<absl::StatusOr<v1::CommandOutcome>>> ExecuteBatchAsCaller(
    grpc::CallbackServerContext& call, const ServiceContext& context, const Caller& caller,
    std::vector<v1::Command> commands) {
  // How the caller reached each patient the batch touched (access_basis and
  // patient_site_ids), for its entries' records.
  absl::flat_hash_map<std::string, v1::AuditRecord> reached_patients;
  const engine::PatientGate gate = AccessGate(
      context, caller, PatientScope::kReachable, /*answers_referral=*/false,
      [&reached_patients](v1::AccessBasis basis, const v1::PatientState& state) {
        const std::vector<std::string> sites = engine::PatientSites(state);
        v1::AuditRecord& reach = reached_patients[state.patient().id()];
        reach.set_access_basis(basis);
        reach.mutable_patient_site_ids()->Assign(sites.begin(), sites.end());
      });
  for (v1::Command& command : commands) *command.mutable_actor() = caller.actor;
  // One entry per command, as its result stands.
  auto entries_of = [&](absl::Span<const absl::StatusOr<v1::CommandOutcome>> results) {
    std::vector<v1::AuditRecord> entries;
    for (size_t i = 0; i < commands.size(); ++i) {
      v1::AuditRecord& entry = entries.emplace_back();
      absl::StatusOr<const v1::RequestMeta*> meta = engine::RequestMetaOf(commands[i]);
      if (meta.ok()) entry.set_request_id((*meta)->request_id());
      if (results[i].ok()) {
        entry.set_patient_id(results[i]->patient_id());
        entry.set_entity_id(results[i]->entity_id());
      } else if (absl::StatusOr<std::string> target = engine::TargetPatient(commands[i]);
                 target.ok()) {
        entry.set_patient_id(*target);
      }
      if (auto reach = reached_patients.find(entry.patient_id());
          reach != reached_patients.end()) {
        entry.MergeFrom(reach->second);
      }
      entry.set_status_code(ToGrpcStatus(results[i].status()).error_code());
    }
    return entries;
  };
  bool records_committed = false;
  const engine::WithCommit with_records =
      [&](absl::Span<const absl::StatusOr<v1::CommandOutcome>> results,
          store::WriteBatch& batch) {
        const v1::AuditRecord call_record = AllowedCallRecord(caller.method, caller.actor);
        std::vector<v1::AuditRecord> records = {call_record};
        for (v1::AuditRecord& entry : entries_of(results)) {
          records.push_back(CompleteEntry(call_record, std::move(entry)));
        }
        context.audit_log->AddAll(std::move(records), batch);
        records_committed = true;
      };
  engine::Engine::BatchOutcome batch = context.engine->ExecuteBatch(commands, gate, with_records);
  if (records_committed && batch.commit.ok()) {
    NoteAuditCommitted(call);
  } else {
    for (const v1::AuditRecord& entry : entries_of(batch.results)) NoteAuditedEntry(call, entry);
  }
  if (!batch.commit.ok()) return batch.commit;
  return std::move(batch.results);
}

absl::StatusOr<CommandResult> ExecuteForCaller(grpc::CallbackServerContext& call,
                                               const ServiceContext& context,
                                               const Caller& caller, v1::Command command,
                                               PatientScope scope) {
  CommandResult result;
  ASSIGN_OR_RETURN(result.outcome,
                   ExecuteAsCaller(call, context, caller, std::move(command), scope));
  ASSIGN_OR_RETURN(result.state, context.engine->LoadState(result.outcome.patient_id()));
  return result;
}

absl::StatusOr<v1::PatientState> LoadReachablePatient(grpc::CallbackServerContext& call,
                                                      const ServiceContext& context,
                                                      const Caller& caller,
                                                      const std::string& patient_id,
                                                      const store::Snapshot* snapshot) {
  NoteAuditedPatient(call, patient_id);
  ASSIGN_OR_RETURN(v1::PatientState state, context.engine->LoadState(patient_id, snapshot));
  RETURN_IF_ERROR(CheckReach(call, context, caller, state));
  return state;
}

absl::StatusOr<std::string> LoadReachableStoredState(grpc::CallbackServerContext& call,
                                                     const ServiceContext& context,
                                                     const Caller& caller,
                                                     const std::string& patient_id,
                                                     const store::Snapshot* snapshot) {
  NoteAuditedPatient(call, patient_id);
  ASSIGN_OR_RETURN(std::string stored, context.engine->LoadStoredState(patient_id, snapshot));
  v1::PatientState access;
  RETURN_IF_ERROR(engine::ParseStoredFields(stored, engine::kAccessStateFields,
                                            absl::StrCat("state of patient ", patient_id), access));
  RETURN_IF_ERROR(CheckReach(call, context, caller, access));
  return stored;
}

}  // namespace casehub::api
