#include "plugins/myelosuppression/management_grade.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/util/time_util.h"

namespace casehub::myelosuppression {
namespace {


constexpr char kTable[] = "management_grades.textproto";

absl::string_view RiskName(v1::FnRiskLevel level) {
  switch (level) {
    case v1::FN_RISK_LEVEL_HIGH:
      return "HIGH";
    case v1::FN_RISK_LEVEL_INTERMEDIATE:
      return "INTERMEDIATE";
    case v1::FN_RISK_LEVEL_LOW:
      return "LOW";
    default:
      return "unknown";
  }
}

// What the levels are decided on, each with where it comes from.
struct Inputs {
  std::optional<int32_t> anc_grade;
  std::string anc_from;
  bool confirmed_fn = false;
  std::string fn_from;
  v1::FnRiskLevel overall_risk = v1::FN_RISK_LEVEL_UNSPECIFIED;
  std::string risk_from;
};

// The latest started cycle; ties go to the later one in the state.
const v1::ChemoCycle* CurrentCycle(const v1::PatientState& state) {
  const v1::ChemoCycle* current = nullptr;
  for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
    if (current == nullptr || !(cycle.started_at() < current->started_at())) current = &cycle;
  }
  return current;
}

bool InCycle(const google::protobuf::Timestamp& at, const v1::ChemoCycle* cycle) {
  return cycle == nullptr || !(at < cycle->started_at());
}

std::string CycleName(const v1::ChemoCycle& cycle) {
  return absl::StrCat("cycle ", cycle.cycle_number(), " of case ", cycle.case_id());
}

Inputs Gather(const v1::Event& event, const v1::PatientState& state) {
  Inputs in;
  const v1::ChemoCycle* cycle = CurrentCycle(state);
  if (event.has_lab_result_graded()) {
    in.anc_grade = event.lab_result_graded().grade();
    in.anc_from = "the latest ANC";
  } else if (cycle != nullptr) {
    in.anc_grade = cycle->worst_anc_grade();
    in.anc_from = absl::StrCat("the worst ANC of ", CycleName(*cycle));
  }

  if (cycle != nullptr && cycle->febrile_neutropenia()) {
    in.confirmed_fn = true;
    in.fn_from = CycleName(*cycle);
  }
  for (const v1::FebrileEpisode& episode : state.febrile_episodes()) {
    if (in.confirmed_fn) break;
    if (episode.assessed() && episode.febrile_neutropenia() &&
        InCycle(episode.observed_at(), cycle)) {
      in.confirmed_fn = true;
      in.fn_from = absl::StrCat("episode ", episode.id());
    }
  }
  if (!in.confirmed_fn && event.has_febrile_episode_assessed() &&
      event.febrile_episode_assessed().febrile_neutropenia()) {
    const std::string& id = event.febrile_episode_assessed().episode_id();
    bool current = true;
    for (const v1::FebrileEpisode& episode : state.febrile_episodes()) {
      if (episode.id() == id) current = InCycle(episode.observed_at(), cycle);
    }
    if (current) {
      in.confirmed_fn = true;
      in.fn_from = absl::StrCat("episode ", id);
    }
  }

  if (event.has_fn_risk_assessed()) {
    in.overall_risk = event.fn_risk_assessed().overall_risk();
    in.risk_from = event.fn_risk_assessed().assessment_id();
  } else {
    const v1::FnRiskAssessment* latest = nullptr;
    for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
      if (assessment.overall_risk() == v1::FN_RISK_LEVEL_UNSPECIFIED) continue;
      if (latest == nullptr || !(assessment.assessed_at() < latest->assessed_at())) {
        latest = &assessment;
      }
    }
    if (latest != nullptr) {
      in.overall_risk = latest->overall_risk();
      in.risk_from = latest->id();
    }
  }
  return in;
}

// The reasons `row` applies, none when it does not.
std::vector<std::string> Applies(const ManagementLevel& row, const Inputs& in) {
  const std::string to =
      absl::StrCat(" → level ", row.level(), " [", kTable, ": ", row.source(), "]");
  std::vector<std::string> reasons;
  if (row.has_anc_grade_at_least() && in.anc_grade && *in.anc_grade >= row.anc_grade_at_least()) {
    reasons.push_back(absl::StrCat("ANC grade ", *in.anc_grade, " (", in.anc_from, ") >= ",
                                   row.anc_grade_at_least(), to));
  }
  if (row.confirmed_fn() && in.confirmed_fn) {
    reasons.push_back(absl::StrCat("febrile neutropenia confirmed in the current cycle (",
                                   in.fn_from, ")", to));
  }
  if (row.overall_risk() != v1::FN_RISK_LEVEL_UNSPECIFIED && in.overall_risk == row.overall_risk()) {
    reasons.push_back(absl::StrCat("latest FN risk assessment (", in.risk_from, ") overall risk ",
                                   RiskName(in.overall_risk), to));
  }
  if (row.otherwise() && reasons.empty()) {
    std::string known;
    if (in.anc_grade) absl::StrAppend(&known, "ANC grade ", *in.anc_grade, " (", in.anc_from, ")");
    if (in.overall_risk != v1::FN_RISK_LEVEL_UNSPECIFIED) {
      absl::StrAppend(&known, known.empty() ? "" : ", ", "overall FN risk ",
                      RiskName(in.overall_risk), " (", in.risk_from, ")");
    }
    reasons.push_back(absl::StrCat("no higher level applies (", known, ")", to));
  }
  return reasons;
}

}  // namespace

std::optional<v1::ManagementGrade> DecideManagementGrade(const ManagementGradeTable& table,
                                                         const v1::Event& event,
                                                         const v1::PatientState& state) {
  const Inputs in = Gather(event, state);
  if (!in.anc_grade && !in.confirmed_fn && in.overall_risk == v1::FN_RISK_LEVEL_UNSPECIFIED) {
    return std::nullopt;
  }
  for (const ManagementLevel& row : table.level()) {
    std::vector<std::string> reasons = Applies(row, in);
    if (reasons.empty()) continue;
    v1::ManagementGrade grade;
    grade.set_level(row.level());
    grade.set_bedside_label(row.bedside_label());
    grade.set_nursing_level(row.nursing_level());
    for (std::string& reason : reasons) grade.add_reasons(std::move(reason));
    return grade;
  }
  return std::nullopt;
}

std::vector<v1::Event> ManagementGradeEvents(const ManagementGradeTable& table,
                                             const v1::Event& event,
                                             const v1::PatientState& state) {
  const bool reacts = event.has_fn_risk_assessed() || event.has_febrile_episode_assessed() ||
                      (event.has_lab_result_graded() && event.lab_result_graded().analyte() == "anc");
  if (!reacts) return {};
  std::optional<v1::ManagementGrade> grade = DecideManagementGrade(table, event, state);
  if (!grade) return {};
  const v1::ManagementGrade& now = state.management_grade();
  if (grade->level() == now.level() && grade->bedside_label() == now.bedside_label() &&
      grade->nursing_level() == now.nursing_level()) {
    return {};
  }
  std::vector<v1::Event> derived(1);
  *derived[0].mutable_management_grade_set()->mutable_grade() = *std::move(grade);
  return derived;
}

}  // namespace casehub::myelosuppression
