// The tools' one conversion of a gRPC call's status into absl's.
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace casehub::tools {

// gRPC and absl share the canonical status codes.
inline absl::Status FromGrpcStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

}  // namespace casehub::tools
