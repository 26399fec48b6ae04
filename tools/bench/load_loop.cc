#include "tools/bench/load_loop.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"

namespace casehub::bench {
namespace {

// What one caller saw, per operation; merged after the threads end so the
// timed loop takes no lock.
struct CallerTally {
  std::vector<std::vector<int64_t>> latencies_ns;
  std::vector<int64_t> errors;
  std::vector<std::string> first_errors;

  explicit CallerTally(size_t operations)
      : latencies_ns(operations), errors(operations), first_errors(operations) {}
};

void RunCaller(Caller& caller, absl::Time end, CallerTally& tally) {
  while (absl::Now() < end) {
    int operation = caller.ChooseOperation();
    absl::Time started = absl::Now();
    absl::Status status = caller.Perform(operation);
    int64_t latency_ns = absl::ToInt64Nanoseconds(absl::Now() - started);
    if (status.ok()) {
      tally.latencies_ns[operation].push_back(latency_ns);
    } else if (tally.errors[operation]++ == 0) {
      tally.first_errors[operation] = status.ToString();
    }
  }
}

}  // namespace

double OperationResult::CallsPerSecond() const {
  return seconds > 0 ? static_cast<double>(sorted_latencies_ns.size()) / seconds : 0;
}

double OperationResult::PercentileMicros(double fraction) const {
  if (sorted_latencies_ns.empty()) return 0;
  size_t rank = static_cast<size_t>(
      std::ceil(fraction * static_cast<double>(sorted_latencies_ns.size())));
  return static_cast<double>(sorted_latencies_ns[std::max<size_t>(rank, 1) - 1]) / 1000.0;
}

absl::StatusOr<PhaseResult> RunPhase(const Phase& phase, int concurrency,
                                     absl::Duration duration) {
  std::vector<std::unique_ptr<Caller>> callers;
  for (int i = 0; i < concurrency; ++i) {
    absl::StatusOr<std::unique_ptr<Caller>> caller = phase.make_caller(i);
    if (!caller.ok()) {
      return absl::Status(caller.status().code(),
                          absl::StrCat(phase.name, " set-up: ", caller.status().message()));
    }
    callers.push_back(*std::move(caller));
  }

  std::vector<CallerTally> tallies(callers.size(), CallerTally(phase.operation_names.size()));
  absl::Time started = absl::Now();
  absl::Time end = started + duration;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < callers.size(); ++i) {
    threads.emplace_back([&, i] { RunCaller(*callers[i], end, tallies[i]); });
  }
  for (std::thread& thread : threads) thread.join();
  // The last call of each caller may end after `end`; count the real time.
  double seconds = absl::ToDoubleSeconds(absl::Now() - started);

  PhaseResult result{.name = phase.name, .operations = {}};
  for (size_t op = 0; op < phase.operation_names.size(); ++op) {
    OperationResult merged;
    merged.name = phase.operation_names[op];
    merged.seconds = seconds;
    for (CallerTally& tally : tallies) {
      merged.sorted_latencies_ns.insert(merged.sorted_latencies_ns.end(),
                                        tally.latencies_ns[op].begin(),
                                        tally.latencies_ns[op].end());
      if (merged.first_error.empty()) merged.first_error = tally.first_errors[op];
      merged.errors += tally.errors[op];
    }
    std::sort(merged.sorted_latencies_ns.begin(), merged.sorted_latencies_ns.end());
    result.operations.push_back(std::move(merged));
  }
  return result;
}

}  // namespace casehub::bench
