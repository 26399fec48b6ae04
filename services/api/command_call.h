// Running a client's write: the request becomes an engine Command carrying
// the caller as its actor and naming its patient and request id for the
// call's audit record; ExecuteForCaller also reads the patient's state after
// the write back for the response.
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/state.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/engine/engine.h"

namespace casehub::api {

// `command` has its body set; the actor is filled from the call.
absl::StatusOr<v1::CommandOutcome> ExecuteAsCaller(grpc::CallbackServerContext& context,
                                                   engine::Engine& engine, v1::Command command);

struct CommandResult {
  v1::CommandOutcome outcome;
  // The patient as it is now (after this write, or after later ones when the
  // request was a retry).
  v1::PatientState state;
};

// ExecuteAsCaller, then the patient's state.
absl::StatusOr<CommandResult> ExecuteForCaller(grpc::CallbackServerContext& context,
                                               engine::Engine& engine, v1::Command command);

}  // namespace casehub::api
