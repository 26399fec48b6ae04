#include "tools/bench/load_loop.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"

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

// The calls of the current interval, from all callers; taken whole at the
// end of each interval. Only used when intervals are asked for.
class IntervalCollector {
 public:
  explicit IntervalCollector(size_t operations) : latencies_ns_(operations) {}

  void Add(int operation, int64_t latency_ns, bool ok) {
    absl::MutexLock lock(&mu_);
    if (ok) {
      latencies_ns_[operation].push_back(latency_ns);
    } else {
      ++errors_;
    }
  }
  IntervalSample Take(absl::Duration elapsed) {
    IntervalSample sample{.elapsed = elapsed,
                          .errors = 0,
                          .sorted_latencies_ns = {},
                          .sorted_latencies_ns_by_operation =
                              std::vector<std::vector<int64_t>>(latencies_ns_.size())};
    {
      absl::MutexLock lock(&mu_);
      sample.sorted_latencies_ns_by_operation.swap(latencies_ns_);
      std::swap(sample.errors, errors_);
    }
    for (std::vector<int64_t>& latencies : sample.sorted_latencies_ns_by_operation) {
      std::sort(latencies.begin(), latencies.end());
      sample.sorted_latencies_ns.insert(sample.sorted_latencies_ns.end(), latencies.begin(),
                                        latencies.end());
    }
    std::sort(sample.sorted_latencies_ns.begin(), sample.sorted_latencies_ns.end());
    return sample;
  }

 private:
  absl::Mutex mu_;
  std::vector<std::vector<int64_t>> latencies_ns_ ABSL_GUARDED_BY(mu_);
  int64_t errors_ ABSL_GUARDED_BY(mu_) = 0;
};

// `period` is this caller's share of the pace (zero: unpaced); `interval`
// is null unless intervals are asked for.
void RunCaller(Caller& caller, absl::Time end, absl::Duration period,
               IntervalCollector* interval, CallerTally& tally) {
  absl::Time next = absl::Now();
  while (absl::Now() < end) {
    if (period > absl::ZeroDuration()) {
      absl::SleepFor(next - absl::Now());
      next += period;
    }
    int operation = caller.ChooseOperation();
    absl::Time started = absl::Now();
    absl::Status status = caller.Perform(operation);
    int64_t latency_ns = absl::ToInt64Nanoseconds(absl::Now() - started);
    if (interval != nullptr) interval->Add(operation, latency_ns, status.ok());
    if (status.ok()) {
      tally.latencies_ns[operation].push_back(latency_ns);
    } else if (tally.errors[operation]++ == 0) {
      tally.first_errors[operation] = status.ToString();
    }
  }
}

// Hands on_interval a sample every `every` until `end`.
void ReportIntervals(const RunOptions& options, absl::Time started, absl::Time end,
                     IntervalCollector& interval) {
  for (absl::Time next = started + options.every; next <= end; next += options.every) {
    absl::SleepFor(next - absl::Now());
    options.on_interval(interval.Take(absl::Now() - started));
  }
}

}  // namespace

double OperationResult::CallsPerSecond() const {
  return seconds > 0 ? static_cast<double>(sorted_latencies_ns.size()) / seconds : 0;
}

double PercentileMicros(const std::vector<int64_t>& sorted_latencies_ns, double fraction) {
  if (sorted_latencies_ns.empty()) return 0;
  size_t rank = static_cast<size_t>(
      std::ceil(fraction * static_cast<double>(sorted_latencies_ns.size())));
  return static_cast<double>(sorted_latencies_ns[std::max<size_t>(rank, 1) - 1]) / 1000.0;
}

absl::StatusOr<PhaseResult> RunPhase(const Phase& phase, int concurrency,
                                     absl::Duration duration, const RunOptions& options) {
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
  const absl::Duration period = options.calls_per_second > 0
                                    ? absl::Seconds(concurrency / options.calls_per_second)
                                    : absl::ZeroDuration();
  const bool intervals = options.every > absl::ZeroDuration() && options.on_interval;
  IntervalCollector interval(phase.operation_names.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < callers.size(); ++i) {
    threads.emplace_back([&, i] {
      RunCaller(*callers[i], end, period, intervals ? &interval : nullptr, tallies[i]);
    });
  }
  if (intervals) threads.emplace_back([&] { ReportIntervals(options, started, end, interval); });
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
