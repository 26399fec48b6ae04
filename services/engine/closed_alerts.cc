#include "services/engine/closed_alerts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/ids.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

// The seq of the event that raised the alert, from its id (EntityId).
uint64_t RaisingSeq(const v1::Alert& alert) {
  std::optional<EntityRef> id = ParseEntityId(alert.id(), EntityKind::kAlert);
  return id ? id->seq : 0;
}

absl::StatusOr<v1::PatientState> ParseRow(absl::string_view row, absl::string_view patient_id) {
  v1::PatientState closed;
  if (!closed.ParseFromArray(row.data(), static_cast<int>(row.size()))) {
    return absl::DataLossError(absl::StrCat("closed alerts of patient ", patient_id,
                                            " do not parse; run casehub --verify"));
  }
  return closed;
}

// Removes the closed alerts from `state`, returning them in their order
// there; the open ones keep theirs.
std::vector<v1::Alert> TakeClosedAlerts(v1::PatientState& state) {
  std::vector<v1::Alert> closed;
  google::protobuf::RepeatedPtrField<v1::Alert>& alerts = *state.mutable_alerts();
  int kept = 0;
  for (int i = 0; i < alerts.size(); ++i) {
    if (alerts[i].status() == v1::ALERT_STATUS_CLOSED) {
      closed.push_back(std::move(alerts[i]));
    } else {
      if (kept != i) alerts.SwapElements(kept, i);
      ++kept;
    }
  }
  alerts.DeleteSubrange(kept, alerts.size() - kept);
  return closed;
}

}  // namespace

bool HoldsClosedAlert(const v1::PatientState& state) {
  for (const v1::Alert& alert : state.alerts()) {
    if (alert.status() == v1::ALERT_STATUS_CLOSED) return true;
  }
  return false;
}

absl::StatusOr<SplitState> SplitClosedAlerts(absl::string_view patient_id, v1::PatientState state,
                                             absl::string_view row) {
  ASSIGN_OR_RETURN(v1::PatientState all_closed, ParseRow(row, patient_id));
  std::vector<v1::Alert> closed = TakeClosedAlerts(state);
  SplitState split;
  split.closed_in_state = static_cast<int>(closed.size());
  for (v1::Alert& alert : closed) *all_closed.add_alerts() = std::move(alert);
  // Alerts close in any order; the row keeps the order they were raised in,
  // as a replay of the log has them.
  std::stable_sort(
      all_closed.mutable_alerts()->begin(), all_closed.mutable_alerts()->end(),
      [](const v1::Alert& a, const v1::Alert& b) { return RaisingSeq(a) < RaisingSeq(b); });
  split.open = state.SerializeAsString();
  split.closed = all_closed.SerializeAsString();
  return split;
}

absl::StatusOr<std::string> LoadClosedAlerts(const store::Store& store,
                                             absl::string_view patient_id,
                                             const store::Snapshot* snapshot) {
  ASSIGN_OR_RETURN(std::optional<std::string> row,
                   store.Get(store::Family::kState, store::ClosedAlertsKey(patient_id), snapshot));
  return row ? *std::move(row) : std::string();
}

absl::StatusOr<std::optional<v1::Alert>> LoadClosedAlert(const store::Store& store,
                                                         absl::string_view alert_id) {
  std::optional<std::string> patient_id = OwningPatient(alert_id, EntityKind::kAlert);
  if (!patient_id) return std::nullopt;
  ASSIGN_OR_RETURN(std::string row, LoadClosedAlerts(store, *patient_id, nullptr));
  ASSIGN_OR_RETURN(v1::PatientState closed, ParseRow(row, *patient_id));
  const v1::Alert* alert = FindAlert(closed, alert_id);
  if (alert == nullptr) return std::nullopt;
  return *alert;
}

}  // namespace casehub::engine
