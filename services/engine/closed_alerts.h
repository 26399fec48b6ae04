// A closed alert leaves its patient's state. The state a write reads,
// hands to the plugins and rewrites holds what is still open; the patient's
// closed alerts are kept beside it in one row (keys.h: the state family),
// which only a write that closes an alert rewrites. Reads that show the
// patient whole add that row after the state (Engine::LoadState).
//
// The row is the wire form of a PatientState holding only `alerts`, in the
// order they were raised, so the state's bytes followed by the row's parse
// as the whole state: the open alerts, then the closed ones.
//
// The index entries a closed alert derives (its closed-loop indicator items)
// depend on nothing that changes after it closes: they are written by the
// write that closes it, from the state still holding it, and no later
// write's entries touch them. docs/architecture.md, "Closed alerts".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/alert.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/store/store.h"

namespace casehub::engine {

// Whether `state` holds a closed alert: one the write at hand closed, or
// one a state stored before closed alerts left it (schema 5) still holds.
bool HoldsClosedAlert(const v1::PatientState& state);

// A whole state in the two forms it is stored in.
struct SplitState {
  // The wire form of the state without its closed alerts.
  std::string open;
  // The patient's row of closed alerts: the row the split was given, with
  // the state's closed alerts added in the order they were raised; "" when
  // both held none.
  std::string closed;
  // How many of the state's alerts were closed.
  int closed_in_state = 0;
};

// `state` split into its open part and the row of closed alerts `row` ("" for
// none) with the state's closed ones added. DATA_LOSS when `row` does not
// parse.
absl::StatusOr<SplitState> SplitClosedAlerts(absl::string_view patient_id, v1::PatientState state,
                                             absl::string_view row);

// The patient's row of closed alerts as stored; "" when none closed.
absl::StatusOr<std::string> LoadClosedAlerts(const store::Store& store,
                                             absl::string_view patient_id,
                                             const store::Snapshot* snapshot);

// The closed alert `alert_id`; nullopt when no closed alert has that id.
absl::StatusOr<std::optional<v1::Alert>> LoadClosedAlert(const store::Store& store,
                                                         absl::string_view alert_id);

}  // namespace casehub::engine
