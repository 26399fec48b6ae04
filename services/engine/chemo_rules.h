// The core rules of the chemotherapy commands: the facts must be coherent
// (an open case, a cycle number in sequence, nothing recorded twice). The
// clinical gate — "no assessment, no chemo; no consent, no chemo" — is the
// myelosuppression module's, in its Validate. Part of Decide (decide.h).
#pragma once

#include <cstdint>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

// A cycle that starts more than this many days after its planned date is
// late: it needs a delay reason, and it is a delay in the indicators
// (clinical-rules.md §6: "N commonly 3 or 7"). One value for the network,
// not per site: the hub compares sites on these rates, which needs one N.
inline constexpr int64_t kLateStartDays = 7;

// The UTC day the cycle started: its D1.
absl::CivilDay StartDay(const v1::ChemoCycle& cycle);

// Days from the cycle's planned start date to the UTC day it started
// (negative when early); nullopt when it has no planned date.
std::optional<int64_t> DaysLate(const v1::ChemoCycle& cycle);

absl::StatusOr<v1::Event> DecideFnRiskAssessment(const v1::RecordFnRiskAssessmentRequest& request,
                                                 const v1::Actor& actor,
                                                 const v1::PatientState& state,
                                                 uint64_t next_seq, absl::Time now);
absl::StatusOr<v1::Event> DecideChemoConsent(const v1::RecordChemoConsentRequest& request,
                                             const v1::Actor& actor, const v1::PatientState& state,
                                             absl::Time now);
absl::StatusOr<v1::Event> DecideStartChemoCycle(const v1::StartChemoCycleRequest& request,
                                                const v1::PatientState& state, uint64_t next_seq,
                                                absl::Time now);

absl::StatusOr<v1::Event> DecideFebrileEpisode(const v1::RecordFebrileEpisodeRequest& request,
                                               const v1::Actor& actor,
                                               const v1::PatientState& state, uint64_t next_seq,
                                               absl::Time now);

absl::StatusOr<v1::Event> DecideProphylaxis(const v1::RecordProphylaxisRequest& request,
                                            const v1::Actor& actor, const v1::PatientState& state,
                                            uint64_t next_seq, absl::Time now);

}  // namespace casehub::engine
