// Baseline (c): what handing work from one thread to another costs on this
// machine, with no other work at all. Each caller hands a turn to a partner
// thread of its own and waits for it to hand the turn back (a mutex and a
// condition variable): one call is two wake-ups. A casehub write crosses
// threads about eight times (gRPC's thread, a worker, RocksDB's write group,
// the reply) and a read about four, so this prices the part of their cost
// that is the machine's scheduler rather than casehub's work.
#pragma once

#include "tools/bench/load_loop.h"

namespace casehub::bench {

// "handoff": operation "handoff", one round trip to the partner per call.
Phase HandoffPhase();

}  // namespace casehub::bench
