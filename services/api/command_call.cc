#include "services/api/command_call.h"

#include "services/api/call.h"
#include "casehub/status_macros.h"

namespace casehub::api {

absl::StatusOr<CommandResult> ExecuteForCaller(const grpc::CallbackServerContext& context,
                                               engine::Engine& engine, v1::Command command) {
  ASSIGN_OR_RETURN(*command.mutable_actor(), ActorOf(context));
  CommandResult result;
  ASSIGN_OR_RETURN(result.outcome, engine.Execute(command));
  ASSIGN_OR_RETURN(result.state, engine.LoadState(result.outcome.patient_id()));
  return result;
}

}  // namespace casehub::api
