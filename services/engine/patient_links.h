// One person, several records: linking two records of the same person (at
// two sites, both kept) and merging a duplicate into the record that stays,
// both recorded on the first record's stream and both reversible. The checks
// that involve the other record (it exists, the caller reaches it, it is not
// merged itself) are the service's, which reads both. Pure.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

// A link or a merge of `state`'s record to request.other_patient_id. A merge
// needs a record with nothing open (no open case, task or alert): it takes
// no writes once merged.
absl::StatusOr<v1::Event> DecideLinkPatients(const v1::LinkPatientsRequest& request,
                                             const v1::Actor& actor,
                                             const v1::PatientState& state);

// Undoes the link `state`'s record holds to request.other_patient_id.
absl::StatusOr<v1::Event> DecideUnlinkPatients(const v1::UnlinkPatientsRequest& request,
                                               const v1::PatientState& state);

// FAILED_PRECONDITION for any command on a merged record but its unmerge
// and the scheduler's own.
absl::Status CheckNotMerged(const v1::Command& command, const v1::PatientState& state);

// Applies a PatientLinked or PatientUnlinked event.
void ApplyLinkEvent(const v1::Event& event, v1::PatientState& state);

// The link `state`'s record holds to `other_patient_id`; nullptr when none.
const v1::PatientLink* FindLink(const v1::PatientState& state, absl::string_view other_patient_id);

}  // namespace casehub::engine
