// One synthetic patient's history, written through the engine: registered
// at a site of the network, a case of one of the four tumor types opened
// and recorded along its pathway (diagnosis, staging, MDT for most,
// treatment), a course of chemotherapy for some (chemo_course.h), then
// follow-up visits after curative treatment or palliative care after
// palliative. Registration falls within the three years before the end of
// the history, so the population holds patients at every step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/clock.h"
#include "services/engine/engine.h"
#include "services/store/store.h"

namespace casehub::bench {

struct PopulationSpec {
  std::vector<std::string> site_ids;
  uint64_t seed = 0;
  // Nothing happens after this time.
  absl::Time history_end;
};

// Writes patient number `patient` of the population; returns the events
// written. `clock` is the engine's and this thread's alone.
absl::StatusOr<uint64_t> PopulatePatient(engine::Engine& engine, ManualClock& clock,
                                         const PopulationSpec& spec, uint64_t patient);

// Whether `store` holds patient number `patient` already (its registration's
// request outcome is there): written by an earlier run, whole, or in part
// when that run was interrupted. A history cannot be replayed as retries:
// its later steps depend on the state the earlier ones left.
absl::StatusOr<bool> PatientWritten(const store::Store& store, const PopulationSpec& spec,
                                    uint64_t patient);

}  // namespace casehub::bench
