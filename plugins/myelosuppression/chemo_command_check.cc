#include "plugins/myelosuppression/chemo_command_check.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/myelosuppression/fn_risk.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

// A catalogue regimen given for the tumor type of the case.
absl::Status CheckRegimen(const RegimenCatalogue& regimens, const std::string& regimen_id,
                          const std::string& case_id, const v1::PatientState& state) {
  const auto& cases = state.cases();
  auto owner = std::find_if(cases.begin(), cases.end(),
                            [&](const v1::Case& c) { return c.id() == case_id; });
  if (owner == cases.end()) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", case_id, " not found"));
  }
  const std::string& tumor_type = owner->tumor_type();
  const Regimen* regimen = regimens.Find(regimen_id);
  if (regimen == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("regimen_id: '", regimen_id, "' is not in the regimen catalogue; ", tumor_type,
                     " regimens: ", regimens.IdsFor(tumor_type)));
  }
  const auto& types = regimen->tumor_types();
  if (std::find(types.begin(), types.end(), tumor_type) == types.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("regimen_id: '", regimen_id, "' is a regimen for ", absl::StrJoin(types, ", "),
                     ", not for ", tumor_type, ", the tumor type of case ", case_id, "; ",
                     tumor_type, " regimens: ", regimens.IdsFor(tumor_type)));
  }
  return absl::OkStatus();
}

// Why `assessment` does not clear the cycle, or nullopt when it does.
std::optional<std::string> AssessmentProblem(const v1::FnRiskAssessment& assessment,
                                             const std::string& regimen_id, int32_t valid_days,
                                             absl::Time now) {
  const std::string which =
      absl::StrCat("the FN risk assessment for this cycle (", assessment.id(), ")");
  if (assessment.overall_risk() == v1::FN_RISK_LEVEL_UNSPECIFIED) {
    return absl::StrCat(which, " has no result; assess again");
  }
  if (assessment.regimen_id() != regimen_id) {
    return absl::StrCat(which, " is for regimen ", assessment.regimen_id(), ", not ", regimen_id,
                        "; assess for ", regimen_id);
  }
  const absl::Time assessed_at = ToTime(assessment.assessed_at());
  if (assessed_at < now - absl::Hours(24) * valid_days) {
    return absl::StrCat(
        which, " of ", absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", assessed_at, absl::UTCTimeZone()),
        " is more than ", valid_days, " days old (assessment_valid_days); assess again");
  }
  return std::nullopt;
}

// Nullopt when an assessment of the cycle clears it; else what is wrong
// with the latest one, or that there is none.
std::optional<std::string> MissingAssessment(const ChemoRules& rules,
                                             const v1::StartChemoCycleRequest& request,
                                             const v1::PatientState& state, absl::Time now) {
  std::optional<std::string> problem = "no FN risk assessment for this cycle";
  for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
    if (assessment.case_id() != request.case_id() ||
        assessment.cycle_number() != request.cycle_number()) {
      continue;
    }
    problem =
        AssessmentProblem(assessment, request.regimen_id(), rules.assessment_valid_days(), now);
    if (!problem) return std::nullopt;
  }
  return absl::StrCat(*problem, " (no assessment, no chemo)");
}

// The catalogue's cycle length, where it has one, is the regimen's: its FN
// category is that schedule's (§2.2, "per regimen and version"). The hub has
// checked the plan is there; a later cycle that leaves it out keeps the
// course's, which is the previous cycle's.
absl::Status CheckCycleLength(const Regimen& regimen, const v1::StartChemoCycleRequest& request,
                              const v1::PatientState& state) {
  if (!regimen.has_cycle_days()) return absl::OkStatus();
  uint32_t length = request.cycle_length_days();
  if (length == 0) {
    for (const v1::ChemoCycle& cycle : state.chemo_cycles()) {
      if (cycle.case_id() == request.case_id() &&
          cycle.cycle_number() + 1 == request.cycle_number()) {
        length = cycle.cycle_length_days();
      }
    }
  }
  if (length == 0 || length == static_cast<uint32_t>(regimen.cycle_days())) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "cycle_length_days: ", regimen.id(), " is given every ", regimen.cycle_days(),
      " days in the regimen catalogue, not every ", length,
      "; another schedule is another regimen (settings: regimen_file)"));
}

bool HasConsent(const v1::StartChemoCycleRequest& request, const v1::PatientState& state) {
  const auto& consents = state.chemo_consents();
  return std::any_of(consents.begin(), consents.end(), [&](const v1::ChemoConsent& consent) {
    return consent.case_id() == request.case_id() &&
           consent.cycle_number() == request.cycle_number();
  });
}

}  // namespace

absl::Status CheckFnRiskAssessment(const ChemoRules& rules,
                                   const v1::RecordFnRiskAssessmentRequest& request,
                                   const v1::PatientState& state) {
  RETURN_IF_ERROR(CheckRegimen(rules.regimens(), request.regimen_id(), request.case_id(), state));
  return CheckRiskAnswers(rules.risk_factors(), request.answers());
}

absl::Status CheckCycleStart(const ChemoRules& rules, const v1::StartChemoCycleRequest& request,
                             const v1::PatientState& state, absl::Time now) {
  RETURN_IF_ERROR(CheckRegimen(rules.regimens(), request.regimen_id(), request.case_id(), state));
  RETURN_IF_ERROR(CheckCycleLength(*rules.regimens().Find(request.regimen_id()), request, state));
  std::vector<std::string> missing;
  if (std::optional<std::string> assessment = MissingAssessment(rules, request, state, now)) {
    missing.push_back(*std::move(assessment));
  }
  if (!HasConsent(request, state)) {
    missing.push_back("no informed consent for this cycle (no informed consent, no chemo)");
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("cycle ", request.cycle_number(), " of case ", request.case_id(),
                   " cannot start: ", absl::StrJoin(missing, "; ")));
}

}  // namespace casehub::myelosuppression
