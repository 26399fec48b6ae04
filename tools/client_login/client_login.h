// How the tools that drive a running hub (casehub-bench, casehub-soak,
// casehub-crashloop) authenticate: log in once with a password over
// AuthService.Login, then send the token on every call.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace casehub::tools {

// The bearer token of `principal`; the login's status (UNAUTHENTICATED for a
// wrong password, UNAVAILABLE when the hub is not there) otherwise.
absl::StatusOr<std::string> LogIn(const std::shared_ptr<grpc::Channel>& channel,
                                  const std::string& principal, const std::string& password,
                                  absl::Duration timeout);

// The first line of `path`: a password kept out of the command line (where
// every user of the machine could read it). INVALID_ARGUMENT when `path` is
// empty or the file cannot be read.
absl::StatusOr<std::string> ReadPasswordFile(const std::string& path);

// "authorization: Bearer <token>" and a deadline of now + timeout.
void PrepareCall(grpc::ClientContext& context, const std::string& token, absl::Duration timeout);

}  // namespace casehub::tools
