// Who the bench calls as: the hub reads the caller from call metadata
// (services/api/call.h) until authentication lands.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "grpcpp/client_context.h"

namespace casehub::bench {

struct CallerIdentity {
  std::string principal;
  std::string site;
  // A role word as casectl takes it, e.g. "case_manager".
  std::string role;
};

// Adds the identity as metadata and a deadline of now + timeout. The echo
// baseline calls this too, so both servers receive the same headers.
void PrepareCall(grpc::ClientContext& context, const CallerIdentity& identity,
                 absl::Duration timeout);

}  // namespace casehub::bench
