// One caller of a running casehub: at set-up it registers a few patients,
// each with an open lung case (so the worklist has tasks); then it performs
// the mix's operations on its own patients, so callers never contend for
// one patient's lock.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "tools/bench/load_loop.h"
#include "tools/bench/mix.h"

namespace casehub::bench {

struct CasehubTarget {
  std::shared_ptr<grpc::Channel> channel;
  // The bearer token every call carries (tools/client_login).
  std::string token;
  absl::Duration timeout;
  // Patients each caller registers before the clock starts.
  int patients_per_caller = 4;
};

// A phase named `name` that runs `mix` against the hub.
Phase CasehubPhase(const std::string& name, const CasehubTarget& target, const Mix& mix);

}  // namespace casehub::bench
