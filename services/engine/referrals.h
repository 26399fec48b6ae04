// Referrals between sites: the core rules of the five referral commands
// (who may ask, answer, cancel and complete, and when) and what their events
// do to the patient's state — ownership moves with an accepted transfer,
// shares follow the referrals in force. Pure, like decide.h and apply.h.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/site_directory.h"

namespace casehub::engine {

// The owning site asks another site to share or take a case.
// PERMISSION_DENIED when the caller's site does not own the case.
absl::StatusOr<v1::Event> DecideRequestReferral(const v1::RequestReferralRequest& request,
                                                const v1::Actor& actor,
                                                const v1::PatientState& state, uint64_t next_seq,
                                                const SiteDirectory& sites);

// Accepted or declined by the receiving site, cancelled by the referring
// one, while it is REQUESTED (`answer` says which of the three).
absl::StatusOr<v1::Event> DecideAnswerReferral(const v1::AnswerReferralRequest& request,
                                               v1::ReferralStatus answer, const v1::Actor& actor,
                                               const v1::PatientState& state);

// Completed by the receiving site once it is ACCEPTED.
absl::StatusOr<v1::Event> DecideCompleteReferral(const v1::CompleteReferralRequest& request,
                                                 const v1::Actor& actor,
                                                 const v1::PatientState& state);

// Applies a ReferralRequested, ReferralAnswered or ReferralCompleted event.
absl::Status ApplyReferralEvent(const v1::Event& event, v1::PatientState& state);

// The referral with this id; nullptr when there is none.
const v1::Referral* FindReferral(const v1::PatientState& state, absl::string_view referral_id);

// The site that owned `c` at `time`, from its transfers.
std::string OwnerAt(const v1::Case& c, absl::Time time);

}  // namespace casehub::engine
