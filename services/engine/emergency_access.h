// Breaking the glass: the core rule of BreakGlass. A clinician outside the
// patient's sites gets time-limited access by giving a reason; the grant is
// an event on the patient's timeline, so the patient's sites see it, and the
// access rule (patient_access.h) honours it until it expires.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/common.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/patient_service.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

// The grant for `actor`, lasting `duration` from `now`; INVALID_ARGUMENT
// for a reason shorter than 10 or longer than 500 characters.
absl::StatusOr<v1::Event> DecideBreakGlass(const v1::BreakGlassRequest& request,
                                           const v1::Actor& actor, absl::Time now,
                                           absl::Duration duration);

}  // namespace casehub::engine
