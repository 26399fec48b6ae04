#include "tools/crashloop/retrying_call.h"

#include <algorithm>

namespace casehub::crashloop {

bool IsUnknownOutcome(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::UNAVAILABLE:         // killed, or not listening yet
    case grpc::StatusCode::DEADLINE_EXCEEDED:   // may have been applied
    case grpc::StatusCode::CANCELLED:           // the connection went away
    case grpc::StatusCode::UNKNOWN:             // a torn stream
    case grpc::StatusCode::RESOURCE_EXHAUSTED:  // queue full: not run, retry later
      return true;
    default:
      return false;
  }
}

absl::Duration Backoff(int attempt) {
  return std::min(absl::Milliseconds(10) * (1 << std::min(attempt, 5)), absl::Milliseconds(250));
}

}  // namespace casehub::crashloop
