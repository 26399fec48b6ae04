// The server's transport credentials from the TLS files named in the
// configuration: plaintext when none are named (loopback only, see
// CheckLimits); otherwise TLS, asking for (and verifying, when presented) a
// client certificate when a client CA bundle is named.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"
#include "grpcpp/security/server_credentials.h"

namespace casehub::hub {

// FAILED_PRECONDITION naming the file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(
    const v1::TlsConfig& tls);

}  // namespace casehub::hub
