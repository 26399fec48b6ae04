// The bench's output: one row per phase and operation with throughput and
// latency percentiles, as an aligned table or as JSON, and the ratios of
// casehub's ingest to the baselines.
#pragma once

#include <string>
#include <vector>

#include "tools/bench/load_loop.h"

namespace casehub::bench {

struct BenchReport {
  std::string server;
  int concurrency = 0;
  double seconds_per_phase = 0;
  std::vector<PhaseResult> phases;
};

std::string FormatTable(const BenchReport& report);
std::string FormatJson(const BenchReport& report);

}  // namespace casehub::bench
