#include "casehub/pathway.h"

#include <cmath>

#include "absl/time/civil_time.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/case_data.h"
#include "casehub/descriptor.h"
#include "casehub/follow_up.h"

namespace casehub::sdk {
namespace {

// Staging is expected within a week of the case being opened.
constexpr absl::Duration kStagingDue = absl::Hours(7 * 24);

constexpr char kDaysToFirstTreatment[] = "days_to_first_treatment";
constexpr char kMdtDiscussionRate[] = "mdt_discussion_rate";
constexpr char kFollowUpAdherence[] = "follow_up_adherence";

std::vector<std::string> Joined(const std::vector<std::string>& first,
                                std::initializer_list<const char*> rest) {
  std::vector<std::string> all = first;
  all.insert(all.end(), rest.begin(), rest.end());
  return all;
}

// Refuses when both dates are recorded and `later` precedes `earlier`
// (ISO dates compare as text).
absl::Status CheckOrder(const Facts& facts, const char* earlier, const char* later) {
  std::optional<std::string> first = Fact(facts, earlier);
  std::optional<std::string> second = Fact(facts, later);
  if (first && second && *second < *first) {
    return absl::InvalidArgumentError(absl::StrCat(later, " ", *second, " is before ", earlier,
                                                   " ", *first));
  }
  return absl::OkStatus();
}

absl::Status CheckIntent(const Facts& facts, absl::string_view to_stage,
                         absl::string_view intent) {
  if (FactIn(facts, kTreatmentIntent, {intent})) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "stage ", to_stage, " requires treatment_intent '", intent, "', recorded is '",
      Fact(facts, kTreatmentIntent).value_or("nothing"), "'"));
}

}  // namespace

void AddWholeCoursePathway(v1::PluginDescriptor& descriptor, const PathwayOptions& options) {
  AddStage(descriptor, kDiagnosis, "Diagnosis");
  AddStage(descriptor, kStaging, "Staging");
  AddStage(descriptor, kMdt, "MDT / treatment plan");
  AddStage(descriptor, kTreatment, "Active treatment");
  AddStage(descriptor, kFollowUp, "Follow-up / survivorship");
  AddStage(descriptor, kPalliative, "Palliative care");

  AddTransition(descriptor, kDiagnosis, kStaging, "pathology confirmed",
                {kDiagnosisDate, kHistology});
  AddTransition(descriptor, kStaging, kMdt, "stage and performance status recorded",
                Joined(options.staging_fields, {kEcog}));
  AddTransition(descriptor, kStaging, kTreatment,
                "stage recorded and a plan agreed without an MDT discussion",
                Joined(options.staging_fields, {kEcog, kTreatmentPlan, kTreatmentIntent}));
  AddTransition(descriptor, kMdt, kTreatment, "MDT held and the plan agreed",
                {kMdtDate, kTreatmentPlan, kTreatmentIntent});
  AddTransition(descriptor, kTreatment, kFollowUp, "curative-intent treatment completed",
                {kTreatmentEndDate});
  AddTransition(descriptor, kFollowUp, kTreatment, "recurrence", {kRecurrenceDate});
  for (const char* from : {kDiagnosis, kStaging, kMdt, kTreatment, kFollowUp}) {
    AddTransition(descriptor, from, kPalliative, "palliative intent decided",
                  {kTreatmentIntent});
  }

  AddDateField(descriptor, "diagnosis", kDiagnosisDate, "Date of pathological diagnosis");
  AddCodeField(descriptor, "diagnosis", kHistology, "Histology", options.histologies);
  AddCodeField(descriptor, "staging", kEcog, "ECOG performance status",
               {"0", "1", "2", "3", "4"});
  AddDateField(descriptor, "treatment", kMdtDate, "Date of the MDT discussion");
  AddCodeField(descriptor, "treatment", kTreatmentPlan, "Planned primary treatment",
               {"surgery", "chemotherapy", "radiotherapy", "chemoradiotherapy",
                "targeted", "immunotherapy", "endocrine", "multimodal", "best_supportive_care"});
  AddCodeField(descriptor, "treatment", kTreatmentIntent, "Treatment intent",
               {"curative", "palliative"});
  AddDateField(descriptor, "treatment", kTreatmentEndDate, "End of primary treatment");
  AddDateField(descriptor, "follow_up", kRecurrenceDate, "Date recurrence was found");
  AddCodeField(descriptor, "follow_up", kRiskTier, "Follow-up risk tier", {"standard", "high"});
}

absl::Status CheckWholeCourseRules(const v1::Command& command, const v1::PatientState& state,
                                   absl::string_view plugin_id) {
  const v1::Case* found = CommandCase(command, state, plugin_id);
  if (found == nullptr) return absl::OkStatus();
  const Facts facts = FactsAfter(*found, command);
  if (command.has_change_case_stage()) {
    const std::string& to = command.change_case_stage().to_stage();
    if (to == kFollowUp) return CheckIntent(facts, to, "curative");
    if (to == kPalliative) return CheckIntent(facts, to, "palliative");
    return absl::OkStatus();
  }
  for (auto [earlier, later] : {std::pair{kDiagnosisDate, kMdtDate},
                                std::pair{kDiagnosisDate, kTreatmentEndDate},
                                std::pair{kMdtDate, kTreatmentEndDate},
                                std::pair{kTreatmentEndDate, kRecurrenceDate}}) {
    if (absl::Status status = CheckOrder(facts, earlier, later); !status.ok()) return status;
  }
  return absl::OkStatus();
}

std::vector<v1::Event> PathwayTaskReactions(const v1::Event& event,
                                            const v1::PatientState& state,
                                            absl::string_view plugin_id) {
  const std::string kind = absl::StrCat(plugin_id, ".staging");
  std::vector<v1::Event> derived;
  if (event.has_case_opened() && event.case_opened().case_().plugin_id() == plugin_id) {
    const v1::Case& opened = event.case_opened().case_();
    v1::Task* task = derived.emplace_back().mutable_task_created()->mutable_task();
    task->set_case_id(opened.id());
    task->set_site_id(opened.owning_site_id());
    task->set_assignee_role(v1::ROLE_CASE_MANAGER);
    task->set_kind(kind);
    task->set_title("Complete staging");
    *task->mutable_due_at() = ToTimestamp(ToTime(event.recorded_at()) + kStagingDue);
  }
  if (event.has_case_stage_changed() && event.case_stage_changed().from_stage() == kStaging) {
    for (const v1::Task& task : state.tasks()) {
      if (task.case_id() != event.case_stage_changed().case_id() || task.kind() != kind ||
          task.status() != v1::TASK_STATUS_OPEN) {
        continue;
      }
      v1::TaskCompleted* completed = derived.emplace_back().mutable_task_completed();
      completed->set_task_id(task.id());
      completed->set_note(absl::StrCat("staging recorded; the case moved to ",
                                       event.case_stage_changed().to_stage()));
    }
  }
  return derived;
}

v1::IndicatorEntry CaseItem(absl::string_view indicator_id, const v1::Case& c, absl::Time when,
                            bool in_numerator) {
  v1::IndicatorEntry item;
  item.set_indicator_id(std::string(indicator_id));
  item.set_case_id(c.id());
  item.set_item_id(c.id());
  item.set_date(Day(when));
  item.set_in_numerator(in_numerator);
  return item;
}

void AddPathwayIndicators(v1::PluginDescriptor& descriptor) {
  AddMedianIndicator(descriptor, kDaysToFirstTreatment, "Time from diagnosis to first treatment",
                     "cases that started treatment, each with the days from diagnosis_date "
                     "(or the case's opening) to entering treatment",
                     "days");
  AddRateIndicator(descriptor, kMdtDiscussionRate, "MDT discussion rate",
                   "cases discussed at an MDT before their first treatment",
                   "cases that started treatment");
  AddRateIndicator(descriptor, kFollowUpAdherence, "Follow-up adherence",
                   "follow-up visits completed by the end of their window",
                   "follow-up visits completed or overdue");
}

std::vector<v1::IndicatorEntry> PathwayIndicatorItems(absl::string_view plugin_id,
                                                      const v1::PatientState& state) {
  std::vector<v1::IndicatorEntry> entries;
  for (const v1::Case& c : state.cases()) {
    if (c.plugin_id() != plugin_id) continue;
    std::optional<absl::Time> treated = FirstEntered(c, kTreatment);
    if (!treated) continue;
    absl::Time diagnosed = ToTime(c.opened_at());
    if (std::optional<std::string> date = Fact(FactsOf(c), kDiagnosisDate)) {
      absl::CivilDay day;
      if (absl::ParseCivilTime(*date, &day)) diagnosed = absl::FromCivil(day, absl::UTCTimeZone());
    }
    v1::IndicatorEntry& days =
        entries.emplace_back(CaseItem(kDaysToFirstTreatment, c, *treated, false));
    days.set_value(std::floor(absl::ToDoubleHours(*treated - diagnosed) / 24));
    std::optional<absl::Time> discussed = FirstEntered(c, kMdt);
    entries.push_back(CaseItem(kMdtDiscussionRate, c, *treated,
                               discussed.has_value() && *discussed <= *treated));
  }
  for (const v1::Task& task : state.tasks()) {
    const v1::Case* owner = FindCase(state, task.case_id());
    if (owner == nullptr || owner->plugin_id() != plugin_id ||
        task.kind() != FollowUpTaskKind(plugin_id)) {
      continue;
    }
    if (task.status() == v1::TASK_STATUS_CANCELLED) continue;
    const bool completed = task.status() == v1::TASK_STATUS_COMPLETED;
    if (!completed && !task.overdue()) continue;  // not due yet
    v1::IndicatorEntry& visit = entries.emplace_back();
    visit.set_indicator_id(kFollowUpAdherence);
    visit.set_case_id(task.case_id());
    visit.set_item_id(task.id());
    visit.set_date(Day(ToTime(task.due_at())));
    visit.set_in_numerator(completed && ToTime(task.completed_at()) <= ToTime(task.due_at()));
  }
  return entries;
}

std::vector<v1::IndicatorEntry> TreatedCaseItems(absl::string_view plugin_id,
                                                 absl::string_view indicator_id,
                                                 const v1::PatientState& state,
                                                 const FactsTest& applies,
                                                 const FactsTest& met_at_treatment) {
  std::vector<v1::IndicatorEntry> items;
  for (const v1::Case& c : state.cases()) {
    std::optional<absl::Time> treated = FirstEntered(c, kTreatment);
    if (c.plugin_id() != plugin_id || !treated || !applies(FactsOf(c))) continue;
    items.push_back(
        CaseItem(indicator_id, c, *treated, met_at_treatment(FactsAsOf(c, *treated))));
  }
  return items;
}

bool AllRecorded(const Facts& facts, std::initializer_list<absl::string_view> keys) {
  for (absl::string_view key : keys) {
    if (!Fact(facts, key)) return false;
  }
  return true;
}

}  // namespace casehub::sdk
