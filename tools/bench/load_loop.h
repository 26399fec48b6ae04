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

// The nearest-rank percentile (0 < fraction <= 1) of ascending nanosecond
// latencies, in microseconds; 0 when there are none.
double PercentileMicros(const std::vector<int64_t>& sorted_latencies_ns, double fraction);

struct OperationResult {
  std::string name;
  int64_t errors = 0;
  std::string first_error;
  // Of the successful calls, in nanoseconds, ascending.
  std::vector<int64_t> sorted_latencies_ns;
  double seconds = 0;

  double CallsPerSecond() const;
  double PercentileMicros(double fraction) const {
    return bench::PercentileMicros(sorted_latencies_ns, fraction);
  }
};

struct PhaseResult {
  std::string name;
  std::vector<OperationResult> operations;
};

// What happened in one interval of a phase (RunOptions::every).
struct IntervalSample {
  absl::Duration elapsed;  // since the phase started, at the interval's end
  int64_t errors = 0;
  // Of the interval's successful calls, in nanoseconds, ascending: all of
  // them, and per operation (indexed as the phase's operation_names).
  std::vector<int64_t> sorted_latencies_ns;
  std::vector<std::vector<int64_t>> sorted_latencies_ns_by_operation;
};

struct RunOptions {
  // Calls per second over all callers together; 0 runs as fast as they can.
  // Paced callers keep a schedule, so a slow call is followed by a quick one.
  double calls_per_second = 0;
  // When set, on_interval receives a sample every `every` (from a thread of
  // its own) while the phase runs.
  absl::Duration every = absl::ZeroDuration();
  std::function<void(const IntervalSample&)> on_interval;
};

// Creates `concurrency` callers, then runs them together for `duration`.
absl::StatusOr<PhaseResult> RunPhase(const Phase& phase, int concurrency,
                                     absl::Duration duration, const RunOptions& options = {});

}  // namespace casehub::bench
