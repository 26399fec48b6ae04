// One caller of a running casehub: at set-up it registers a few patients,
// each with an open lung case (so the worklist has tasks); then it performs
// the mix's operations on its own patients, so callers never contend for
// one patient's lock. Timelines may instead be read from the site's
// patients already in the hub (CasehubTarget::existing_patients).
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "tools/bench/hub_calls.h"
#include "tools/bench/load_loop.h"
#include "tools/bench/mix.h"

namespace casehub::bench {

// A phase named `name` that runs `mix` against the hub.
Phase CasehubPhase(const std::string& name, const CasehubTarget& target, const Mix& mix);

}  // namespace casehub::bench
