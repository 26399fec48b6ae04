#include "tools/bench/report.h"

#include <iterator>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace casehub::bench {
namespace {

constexpr double kPercentiles[] = {0.50, 0.95, 0.99, 0.999};
constexpr const char* kPercentileNames[] = {"p50", "p95", "p99", "p99_9"};

struct Ratio {
  std::string name;
  std::string label;
  std::string phase;
  std::string operation;
  std::string baseline_phase;
  std::string baseline_operation;
};

// casehub's durable ingest against each baseline: unary (the ingest phase)
// against echo, the durable echo and single synced puts, and the durable
// echo against echo (what durability itself costs a gRPC service here);
// batched (the batch phase) against synced batches of as many values, so
// calls/s compare results/s.
const Ratio kRatios[] = {
    {"ingest_over_echo", "casehub ingest / echo", "ingest", "record_lab_result", "echo", "echo"},
    {"ingest_over_durable_echo", "casehub ingest / durable echo", "ingest", "record_lab_result",
     "durable_echo", "durable_echo"},
    {"durable_echo_over_echo", "durable echo / echo", "durable_echo", "durable_echo", "echo",
     "echo"},
    {"ingest_over_rocksdb", "casehub ingest / raw rocksdb", "ingest", "record_lab_result",
     "rocksdb", "synced_put"},
    {"batch_over_rocksdb_batch", "casehub batch / raw rocksdb batch", "batch",
     "record_lab_results", "rocksdb_batch", "synced_batch"},
};

// Calls per second of `operation` in phase `phase`, if the report has it.
std::optional<double> Throughput(const BenchReport& report, const std::string& phase,
                                 const std::string& operation) {
  for (const PhaseResult& result : report.phases) {
    if (result.name != phase) continue;
    for (const OperationResult& op : result.operations) {
      if (op.name == operation) return op.CallsPerSecond();
    }
  }
  return std::nullopt;
}

std::optional<double> RatioValue(const BenchReport& report, const Ratio& ratio) {
  std::optional<double> ingest = Throughput(report, ratio.phase, ratio.operation);
  std::optional<double> baseline =
      Throughput(report, ratio.baseline_phase, ratio.baseline_operation);
  if (!ingest || !baseline || *baseline == 0) return std::nullopt;
  return *ingest / *baseline;
}

}  // namespace

std::string FormatTable(const BenchReport& report) {
  std::string out = absl::StrFormat("server %s, concurrency %d, %.1f s per phase\n\n",
                                    report.server, report.concurrency, report.seconds_per_phase);
  absl::StrAppendFormat(&out, "%-13s %-18s %9s %7s %10s %9s %9s %9s %9s\n", "phase", "operation",
                        "calls", "errors", "calls/s", "p50 us", "p95 us", "p99 us", "p99.9 us");
  for (const PhaseResult& phase : report.phases) {
    for (const OperationResult& op : phase.operations) {
      absl::StrAppendFormat(&out, "%-13s %-18s %9d %7d %10.1f", phase.name, op.name,
                            op.sorted_latencies_ns.size(), op.errors, op.CallsPerSecond());
      for (double fraction : kPercentiles) {
        absl::StrAppendFormat(&out, " %9.0f", op.PercentileMicros(fraction));
      }
      out += "\n";
      if (op.errors > 0) absl::StrAppend(&out, "         first error: ", op.first_error, "\n");
    }
  }
  out += "\n";
  for (const Ratio& ratio : kRatios) {
    if (std::optional<double> value = RatioValue(report, ratio)) {
      absl::StrAppendFormat(&out, "%-34s %.3f\n", ratio.label, *value);
    }
  }
  return out;
}

std::string FormatJson(const BenchReport& report) {
  // Names are fixed identifiers; error texts are left to the table.
  std::vector<std::string> phases;
  for (const PhaseResult& phase : report.phases) {
    std::vector<std::string> operations;
    for (const OperationResult& op : phase.operations) {
      std::vector<std::string> percentiles;
      for (size_t i = 0; i < std::size(kPercentiles); ++i) {
        percentiles.push_back(absl::StrFormat("\"%s\":%.1f", kPercentileNames[i],
                                              op.PercentileMicros(kPercentiles[i])));
      }
      operations.push_back(absl::StrFormat(
          "{\"operation\":\"%s\",\"calls\":%d,\"errors\":%d,\"calls_per_second\":%.1f,"
          "\"latency_us\":{%s}}",
          op.name, op.sorted_latencies_ns.size(), op.errors, op.CallsPerSecond(),
          absl::StrJoin(percentiles, ",")));
    }
    phases.push_back(absl::StrFormat("{\"phase\":\"%s\",\"operations\":[%s]}", phase.name,
                                     absl::StrJoin(operations, ",")));
  }
  std::vector<std::string> ratios;
  for (const Ratio& ratio : kRatios) {
    if (std::optional<double> value = RatioValue(report, ratio)) {
      ratios.push_back(absl::StrFormat("\"%s\":%.4f", ratio.name, *value));
    }
  }
  return absl::StrFormat(
      "{\"server\":\"%s\",\"concurrency\":%d,\"seconds_per_phase\":%.1f,\"phases\":[%s],"
      "\"ratios\":{%s}}\n",
      report.server, report.concurrency, report.seconds_per_phase, absl::StrJoin(phases, ","),
      absl::StrJoin(ratios, ","));
}

}  // namespace casehub::bench
