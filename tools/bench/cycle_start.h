// One chemotherapy cycle started as a ward does it before every cycle: the
// febrile-neutropenia risk assessment, the informed consent, then the start
// ("no assessment, no chemo; no informed consent, no chemo"), three calls.
#pragma once

#include <cstdint>
#include <string>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "casehub/v1/chemo.grpc.pb.h"
#include "tools/bench/hub_calls.h"

namespace casehub::bench {

// The cycles of a bench course, as lung regimens usually plan them (the
// population's courses run 4 to 6): a course that has started them all is
// done.
inline constexpr uint32_t kCyclesPerCourse = 6;

// Starts cycle `cycle_number` (1..kCyclesPerCourse) of the open lung case
// `case_id` on etoposide-carboplatin every 21 days, planned for today
// (cycle 1) or tomorrow (later cycles, so it starts early, never late).
absl::Status StartLungCycle(const CasehubTarget& target, v1::ChemoService::Stub& chemo,
                            absl::BitGen& random, const std::string& case_id,
                            uint32_t cycle_number);

}  // namespace casehub::bench
