#include "services/engine/index_entries.h"

#include "services/engine/field_rules.h"
#include "services/engine/myelo_indicators.h"
#include "services/engine/patient_access.h"
#include "services/engine/plugin_indicators.h"
#include "casehub/status_macros.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

// Worklist entries exist twice: under role 0, the whole site's list, and
// under the task's role, so both views are a single prefix scan.
constexpr uint8_t kEveryRole = 0;

void AddOpenTask(const v1::Task& task, IndexMap& entries) {
  absl::Time due = ToAbslTime(task.due_at());
  std::string value = task.SerializeAsString();
  entries.Set(store::WorklistKey(task.site_id(), kEveryRole, due, task.id()), value);
  if (task.assignee_role() != v1::ROLE_UNSPECIFIED) {
    entries.Set(store::WorklistKey(task.site_id(), static_cast<uint8_t>(task.assignee_role()), due,
                                   task.id()),
                value);
  }
  if (!task.overdue()) entries.Set(store::DueTaskKey(due, task.id()), "");
}

}  // namespace

absl::StatusOr<IndexMap> IndexEntries(const StateForPlugins& shared,
                                      const PluginHost& plugins) {
  const v1::PatientState& state = shared.state();
  IndexMap entries;
  if (state.patient().id().empty()) return entries;
  // A site lists the patients it answers for and the cases it owns or shares.
  const std::string patient = state.patient().SerializeAsString();
  for (const std::string& site : PatientSites(state)) {
    entries.Set(store::PatientsBySiteKey(site, state.patient().id()), patient);
  }
  // The master patient index finds a record by its national id's hash or
  // birth date, unless it was merged into another; links are found from
  // either record.
  if (state.patient().merged_into().empty()) {
    if (!state.patient().national_id_hash().empty()) {
      entries.Set(
          store::PersonByNationalIdKey(state.patient().national_id_hash(), state.patient().id()),
          patient);
    }
    if (!state.patient().birth_date().empty()) {
      entries.Set(store::PersonByBirthDateKey(state.patient().birth_date(), state.patient().id()),
                  patient);
    }
  }
  for (const v1::PatientLink& link : state.links()) {
    entries.Set(store::LinkToKey(link.other_patient_id(), state.patient().id()),
                link.SerializeAsString());
  }
  for (const v1::Case& c : state.cases()) {
    const std::string value = c.SerializeAsString();
    entries.Set(store::CasesBySiteKey(c.owning_site_id(), c.tumor_type(), c.id()), value);
    for (const std::string& site : c.shared_site_ids()) {
      entries.Set(store::CasesBySiteKey(site, c.tumor_type(), c.id()), value);
    }
  }
  for (const v1::Task& task : state.tasks()) {
    if (task.status() == v1::TASK_STATUS_OPEN) AddOpenTask(task, entries);
  }
  for (const v1::Alert& alert : state.alerts()) {
    if (alert.status() == v1::ALERT_STATUS_CLOSED) continue;
    entries.Set(store::OpenAlertKey(alert.site_id(), ToAbslTime(alert.raised_at()), alert.id()),
                alert.SerializeAsString());
    if (alert.status() == v1::ALERT_STATUS_RAISED && alert.escalation_level() == 0) {
      entries.Set(store::EscalationDueKey(ToAbslTime(alert.acknowledge_by()), alert.id()), "");
    }
  }
  for (const v1::Referral& referral : state.referrals()) {
    const bool open = referral.status() == v1::REFERRAL_STATUS_REQUESTED ||
                      referral.status() == v1::REFERRAL_STATUS_ACCEPTED;
    const absl::Time requested = ToAbslTime(referral.requested_at());
    const std::string value = referral.SerializeAsString();
    for (const std::string& site : {referral.from_site_id(), referral.to_site_id()}) {
      entries.Set(store::ReferralKey(false, site, requested, referral.id()), value);
      if (open) entries.Set(store::ReferralKey(true, site, requested, referral.id()), value);
    }
  }
  AddMyeloIndicatorEntries(state, entries);
  RETURN_IF_ERROR(AddPluginIndicatorEntries(shared, plugins, entries));
  entries.Seal();
  return entries;
}

}  // namespace casehub::engine
