#include "casehub/tumor_type_plugin.h"

#include "casehub/pathway.h"
#include "casehub/status_macros.h"

namespace casehub::sdk {

void TumorTypePlugin::DeclareInterests(v1::PluginDescriptor& descriptor) const {
  // What CommandCase (case_data.h) finds a case for; nothing else is checked.
  for (const char* command : {"change_case_stage", "record_case_data"}) {
    descriptor.add_validates(command);
  }
  // The triggers of the staging task, the follow-up visits and the risk tier.
  for (const char* event :
       {"case_opened", "case_stage_changed", "case_data_recorded", "task_completed"}) {
    descriptor.add_reacts_to(event);
  }
  // All the pathway's rules read of a patient: their cases and tasks.
  for (const char* part : {"cases", "tasks"}) descriptor.add_reads(part);
}

absl::Status TumorTypePlugin::Validate(const v1::Command& command,
                                       const v1::PatientState& state, absl::Time) const {
  RETURN_IF_ERROR(CheckWholeCourseRules(command, state, plugin_id_));
  const v1::Case* c = CommandCase(command, state, plugin_id_);
  if (c == nullptr) return absl::OkStatus();
  const Facts facts = FactsAfter(*c, command);
  if (command.has_record_case_data()) return CheckCaseData(*c, facts);
  if (command.change_case_stage().to_stage() == kTreatment) return CheckBeforeTreatment(*c, facts);
  return absl::OkStatus();
}

std::vector<v1::Event> TumorTypePlugin::React(const v1::Event& event,
                                              const v1::PatientState& state) const {
  std::vector<v1::Event> derived = PathwayTaskReactions(event, state, plugin_id_);
  for (v1::Event& visit : FollowUpReactions(event, state, plugin_id_,
                                            [this](const v1::Case& c) { return Schedule(c); })) {
    derived.push_back(std::move(visit));
  }
  for (v1::Event& tier : RiskTierReactions(event, state, plugin_id_,
                                           [this](const Facts& facts) { return Tier(facts); })) {
    derived.push_back(std::move(tier));
  }
  return derived;
}

std::vector<v1::IndicatorEntry> TumorTypePlugin::IndicatorItems(
    const v1::PatientState& state) const {
  std::vector<v1::IndicatorEntry> items = PathwayIndicatorItems(plugin_id_, state);
  for (v1::IndicatorEntry& item : OwnIndicatorItems(state)) items.push_back(std::move(item));
  return items;
}

absl::Status TumorTypePlugin::CheckCaseData(const v1::Case&, const Facts&) const {
  return absl::OkStatus();
}

absl::Status TumorTypePlugin::CheckBeforeTreatment(const v1::Case&, const Facts&) const {
  return absl::OkStatus();
}

std::vector<v1::IndicatorEntry> TumorTypePlugin::OwnIndicatorItems(
    const v1::PatientState&) const {
  return {};
}

}  // namespace casehub::sdk
