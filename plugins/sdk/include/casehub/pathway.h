// The whole-course case-management pathway every tumor type follows
// (clinical-rules.md §8): diagnosis -> staging -> MDT / treatment plan ->
// treatment -> follow-up, with palliative care reachable from every stage.
// A tumor plugin adds it with its own histologies and staging fields, then
// its own markers and rules; the pathway's shared fields, value rules and
// indicators live here once.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "casehub/case_data.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/plugin.pb.h"
#include "casehub/v1/plugin_abi.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::sdk {

inline constexpr char kDiagnosis[] = "diagnosis";
inline constexpr char kStaging[] = "staging";
inline constexpr char kMdt[] = "mdt";
inline constexpr char kTreatment[] = "treatment";
inline constexpr char kFollowUp[] = "follow_up";
inline constexpr char kPalliative[] = "palliative";

// Shared case fields.
inline constexpr char kDiagnosisDate[] = "diagnosis_date";
inline constexpr char kHistology[] = "histology";
inline constexpr char kEcog[] = "ecog";
inline constexpr char kMdtDate[] = "mdt_date";
inline constexpr char kTreatmentPlan[] = "treatment_plan";
inline constexpr char kTreatmentIntent[] = "treatment_intent";
inline constexpr char kTreatmentEndDate[] = "treatment_end_date";
inline constexpr char kRecurrenceDate[] = "recurrence_date";
inline constexpr char kRiskTier[] = "risk_tier";

struct PathwayOptions {
  // Allowed values of the "histology" field.
  std::vector<std::string> histologies;
  // Fields that make up the stage, all required before MDT or treatment,
  // e.g. {"tnm_t", "tnm_n", "tnm_m", "stage_group"} or {"figo_stage"}.
  std::vector<std::string> staging_fields;
};

// Adds the stages, transitions (with their required fields) and shared
// fields. The plugin adds its staging and marker fields itself.
void AddWholeCoursePathway(v1::PluginDescriptor& descriptor, const PathwayOptions& options);

// The pathway's rules on values, for the plugin's Validate: follow-up only
// after curative-intent treatment, palliative care only with palliative
// intent, and dates in clinical order (diagnosis <= MDT <= end of treatment
// <= recurrence).
absl::Status CheckWholeCourseRules(const v1::Command& command, const v1::PatientState& state,
                                   absl::string_view plugin_id);

// The case manager's pathway tasks: opening a case puts "Complete staging"
// on the owning site's worklist, due in 7 days; leaving the staging stage
// (its requirements met) completes it.
std::vector<v1::Event> PathwayTaskReactions(const v1::Event& event,
                                            const v1::PatientState& state,
                                            absl::string_view plugin_id);

// One item of a rate indicator that counts cases: the case itself, dated
// the day of `when`.
v1::IndicatorEntry CaseItem(absl::string_view indicator_id, const v1::Case& c, absl::Time when,
                            bool in_numerator);

// Declares the three pathway indicators: days from diagnosis to first
// treatment (median), MDT discussion rate before first treatment, and
// follow-up adherence (visits done inside their window).
void AddPathwayIndicators(v1::PluginDescriptor& descriptor);

// The items of those indicators for `plugin_id`'s cases of this patient.
std::vector<v1::IndicatorEntry> PathwayIndicatorItems(absl::string_view plugin_id,
                                                      const v1::PatientState& state);

using FactsTest = std::function<bool(const Facts&)>;

// Items of an indicator over the cases of `plugin_id` that started
// treatment: one per case whose data passes `applies`, dated the day
// treatment started, in the numerator when the data as it stood then
// (FactsAsOf) passes `met_at_treatment` — e.g. "markers known before
// treatment".
std::vector<v1::IndicatorEntry> TreatedCaseItems(absl::string_view plugin_id,
                                                 absl::string_view indicator_id,
                                                 const v1::PatientState& state,
                                                 const FactsTest& applies,
                                                 const FactsTest& met_at_treatment);

// Whether every one of `keys` is recorded.
bool AllRecorded(const Facts& facts, std::initializer_list<absl::string_view> keys);

}  // namespace casehub::sdk
