#include "services/api/command_call.h"

#include "services/api/audit_interceptor.h"
#include "services/api/call.h"
#include "casehub/status_macros.h"
#include "services/engine/command_target.h"

namespace casehub::api {

absl::StatusOr<v1::CommandOutcome> ExecuteAsCaller(grpc::CallbackServerContext& context,
                                                   engine::Engine& engine, v1::Command command) {
  // Noted before anything can refuse the write, so a refusal is recorded
  // with what it was about. A malformed target is the engine's to report.
  absl::StatusOr<const v1::RequestMeta*> meta = engine::RequestMetaOf(command);
  if (meta.ok()) NoteAuditedRequest(context, (*meta)->request_id());
  absl::StatusOr<std::string> target = engine::TargetPatient(command);
  if (target.ok() && !target->empty()) NoteAuditedPatient(context, *target);

  ASSIGN_OR_RETURN(*command.mutable_actor(), ActorOf(context));
  ASSIGN_OR_RETURN(v1::CommandOutcome outcome, engine.Execute(command));
  // A registration's patient is only known now.
  NoteAuditedPatient(context, outcome.patient_id());
  NoteAuditedEntity(context, outcome.entity_id());
  return outcome;
}

absl::StatusOr<CommandResult> ExecuteForCaller(grpc::CallbackServerContext& context,
                                               engine::Engine& engine, v1::Command command) {
  CommandResult result;
  ASSIGN_OR_RETURN(result.outcome, ExecuteAsCaller(context, engine, std::move(command)));
  ASSIGN_OR_RETURN(result.state, engine.LoadState(result.outcome.patient_id()));
  return result;
}

}  // namespace casehub::api
