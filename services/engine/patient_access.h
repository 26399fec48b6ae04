// Who may reach a patient: the rule behind every call on patient data.
// A caller's site reaches a patient when it owns or shares one of the
// patient's cases, when it registered the patient and no case exists yet,
// when it is a hub supervising the owning collaborator under an agreement in
// force that covers the case's tumor type, or when it was asked to take a
// referral it has not answered yet (to read and answer only: the service
// edge refuses other writes); and the caller (the person, not the site)
// reaches it while holding unexpired emergency access. Pure: the inputs are
// the arguments.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "casehub/v1/audit.pb.h"
#include "casehub/v1/common.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/site_directory.h"

namespace casehub::engine {

// The fields of a PatientState the functions below read: a state parsed
// with only these (engine/stored_fields.h) gets the same answers.
inline constexpr int kAccessStateFields[] = {
    v1::PatientState::kPatientFieldNumber, v1::PatientState::kCasesFieldNumber,
    v1::PatientState::kEmergencyAccessFieldNumber, v1::PatientState::kReferralsFieldNumber};

// The first basis that applies, in the order of v1::AccessBasis;
// ACCESS_BASIS_UNSPECIFIED when none does.
v1::AccessBasis PatientAccessOf(const v1::Actor& actor, const v1::PatientState& state,
                                const SiteDirectory& network, absl::Time now);

// OK with the basis, or PERMISSION_DENIED saying why and what to do.
absl::StatusOr<v1::AccessBasis> RequirePatientAccess(const v1::Actor& actor,
                                                     const v1::PatientState& state,
                                                     const SiteDirectory& network, absl::Time now);

// The sites answering for the patient: owners and sharers of its cases, or
// the registering site while it has none. Sorted, each once.
std::vector<std::string> PatientSites(const v1::PatientState& state);

}  // namespace casehub::engine
