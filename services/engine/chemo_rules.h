// The core rules of the chemotherapy commands: the facts must be coherent
// (an open case, a cycle number in sequence, nothing recorded twice). The
// clinical gate — "no assessment, no chemo; no consent, no chemo" — is the
// myelosuppression module's, in its Validate. Part of Decide (decide.h).
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

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
