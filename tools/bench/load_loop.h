// The measuring loop every phase shares: N callers, each on its own thread
// with blocking calls, repeat "pick an operation, perform it" until the
// duration is over; each successful call's latency is kept for percentiles.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace casehub::bench {

// One concurrent caller. Its set-up (e.g. registering patients) happens
// before the clock starts.
class Caller {
 public:
  virtual ~Caller() = default;
  // The index, into its phase's operation names, of what to do next.
  virtual int ChooseOperation() = 0;
  virtual absl::Status Perform(int operation) = 0;
};

struct Phase {
  std::string name;
  std::vector<std::string> operation_names;
  std::function<absl::StatusOr<std::unique_ptr<Caller>>(int caller_index)> make_caller;
};

struct OperationResult {
  std::string name;
  int64_t errors = 0;
  std::string first_error;
  // Of the successful calls, in nanoseconds, ascending.
  std::vector<int64_t> sorted_latencies_ns;
  double seconds = 0;

  double CallsPerSecond() const;
  // The nearest-rank percentile (0 < fraction <= 1) in microseconds.
  double PercentileMicros(double fraction) const;
};

struct PhaseResult {
  std::string name;
  std::vector<OperationResult> operations;
};

// Creates `concurrency` callers, then runs them together for `duration`.
absl::StatusOr<PhaseResult> RunPhase(const Phase& phase, int concurrency,
                                     absl::Duration duration);

}  // namespace casehub::bench
