// PatientWriter: issues one synthetic patient's commands through the engine,
// as that patient's site's case manager, at the time of the patient's own
// clock. Moving the clock past the end of the history stops the history.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/common/clock.h"
#include "services/engine/engine.h"

namespace casehub::bench {

class PatientWriter {
 public:
  // `request_prefix` makes the request ids unique across the population.
  PatientWriter(engine::Engine& engine, ManualClock& clock, absl::Time history_end,
                std::string site_id, std::string request_prefix);

  // Moves the clock on to `at` (or leaves it when `at` has passed); false,
  // and the clock left alone, when `at` is past the end of the history,
  // after which nothing more should happen.
  bool MoveTo(absl::Time at);
  bool Advance(absl::Duration by) { return MoveTo(Now() + by); }
  absl::Time Now() const { return clock_.Now(); }

  // Runs `command`, whose request is filled in except for its meta: the
  // actor and the next request id are set here. The first command must
  // register the patient. An error names the request.
  absl::StatusOr<v1::CommandOutcome> Execute(v1::Command command);

  // The patient as the engine holds it now.
  absl::StatusOr<v1::PatientState> State() const;

  const std::string& patient_id() const { return patient_id_; }
  const std::string& site_id() const { return site_id_; }
  // Events written for the patient so far (its stream's version).
  uint64_t events() const { return events_; }

 private:
  engine::Engine& engine_;
  ManualClock& clock_;
  const absl::Time history_end_;
  const std::string site_id_;
  const std::string request_prefix_;
  int requests_ = 0;
  std::string patient_id_;
  uint64_t events_ = 0;
};

}  // namespace casehub::bench
