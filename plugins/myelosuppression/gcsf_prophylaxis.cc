#include "plugins/myelosuppression/gcsf_prophylaxis.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/time_util.h"
#include "plugins/myelosuppression/number_format.h"
#include "plugins/myelosuppression/text_format_parse.h"
#include "casehub/status_macros.h"

namespace casehub::myelosuppression {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kGcsfFile[] = "gcsf_drugs.textproto";
// §2.4's rules that are not a form's: both forms, and over-use.
constexpr char kBothFormsSource[] =
    "clinical-rules.md §2.4, Dosing and timing: do not give both forms";
constexpr char kOverUseSource[] = "clinical-rules.md §2.4, over-use: ASCO/MIPS measure";

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

bool SameName(absl::string_view a, absl::string_view b) { return absl::EqualsIgnoreCase(a, b); }

// A table bound must be label × (1 ∓ tolerance), up to rounding in the text.
bool Near(double value, double expected) {
  return std::fabs(value - expected) <= 1e-9 * std::max(1.0, std::fabs(expected));
}

absl::Status CheckDrugs(const GcsfTable& table) {
  if (table.drug().empty()) return Invalid(kGcsfFile, "holds no drug");
  std::vector<std::string> names;
  for (int i = 0; i < table.drug_size(); ++i) {
    const GcsfDrug& drug = table.drug(i);
    const std::string field = absl::StrCat(kGcsfFile, ": drug[", i, "]");
    if (drug.name().empty()) return Invalid(absl::StrCat(field, ".name"), "is required");
    if (drug.form() == GCSF_FORM_UNSPECIFIED) {
      return Invalid(absl::StrCat(field, ".form"), "is required");
    }
    if (drug.source().empty()) return Invalid(absl::StrCat(field, ".source"), "is required");
    std::vector<std::string> own = {drug.name()};
    own.insert(own.end(), drug.aliases().begin(), drug.aliases().end());
    for (const std::string& name : own) {
      if (name.empty()) return Invalid(absl::StrCat(field, ".aliases"), "must not be empty");
      if (std::any_of(names.begin(), names.end(),
                      [&](const std::string& known) { return SameName(known, name); })) {
        return Invalid(field, absl::StrCat("'", name, "' names two drugs"));
      }
      names.push_back(name);
    }
  }
  return absl::OkStatus();
}

absl::Status CheckForms(const GcsfTable& table) {
  const double tolerance = table.tolerance_percent();
  if (!(tolerance >= 0 && tolerance < 100)) {
    return Invalid(absl::StrCat(kGcsfFile, ": tolerance_percent"), "must be from 0 to < 100");
  }
  for (int i = 0; i < table.form_size(); ++i) {
    const GcsfFormRules& form = table.form(i);
    const std::string field = absl::StrCat(kGcsfFile, ": form[", i, "]");
    if (form.form() == GCSF_FORM_UNSPECIFIED) {
      return Invalid(absl::StrCat(field, ".form"), "is required");
    }
    for (int j = 0; j < i; ++j) {
      if (table.form(j).form() == form.form()) {
        return Invalid(absl::StrCat(field, ".form"), "appears twice");
      }
    }
    if (form.name().empty()) return Invalid(absl::StrCat(field, ".name"), "is required");
    if (form.source().empty()) return Invalid(absl::StrCat(field, ".source"), "is required");
    if (!(form.min_hours() >= 0 && form.min_hours() <= form.max_hours())) {
      return Invalid(absl::StrCat(field, ".min_hours"), "must be >= 0 and at most max_hours");
    }
    if (form.doses_per_cycle() < 0) {
      return Invalid(absl::StrCat(field, ".doses_per_cycle"), "must be >= 0");
    }
    for (int j = 0; j < form.dose_size(); ++j) {
      const GcsfLabelDose& dose = form.dose(j);
      const std::string at = absl::StrCat(field, ".dose[", j, "]");
      const auto& units = table.dose_units();
      if (std::find(units.begin(), units.end(), dose.unit()) == units.end()) {
        return Invalid(absl::StrCat(at, ".unit"),
                       absl::StrCat("'", dose.unit(), "' is not one of dose_units"));
      }
      for (int k = 0; k < j; ++k) {
        if (form.dose(k).unit() == dose.unit()) {
          return Invalid(absl::StrCat(at, ".unit"), absl::StrCat("'", dose.unit(), "' twice"));
        }
      }
      if (!(std::isfinite(dose.label_dose()) && dose.label_dose() > 0)) {
        return Invalid(absl::StrCat(at, ".label_dose"), "must be a number > 0");
      }
      const double low = dose.label_dose() * (1 - tolerance / 100);
      const double high = dose.label_dose() * (1 + tolerance / 100);
      if (!Near(dose.min(), low)) {
        return Invalid(absl::StrCat(at, ".min"),
                       absl::StrCat("must be ", FormatNumber(low, 0), " (label_dose ",
                                    FormatNumber(dose.label_dose(), 0), " - ",
                                    FormatNumber(tolerance, 0), "%), got ",
                                    FormatNumber(dose.min(), 0)));
      }
      if (!Near(dose.max(), high)) {
        return Invalid(absl::StrCat(at, ".max"),
                       absl::StrCat("must be ", FormatNumber(high, 0), " (label_dose ",
                                    FormatNumber(dose.label_dose(), 0), " + ",
                                    FormatNumber(tolerance, 0), "%), got ",
                                    FormatNumber(dose.max(), 0)));
      }
    }
  }
  for (int i = 0; i < table.drug_size(); ++i) {
    const GcsfForm form = table.drug(i).form();
    if (std::none_of(table.form().begin(), table.form().end(),
                     [&](const GcsfFormRules& rules) { return rules.form() == form; })) {
      return Invalid(absl::StrCat(kGcsfFile, ": drug[", i, "].form"),
                     absl::StrCat(GcsfForm_Name(form), " has no form rules"));
    }
  }
  return absl::OkStatus();
}

std::string Hours(double hours) { return absl::StrCat(FormatNumber(hours, 0), " h"); }

std::string Dose(double dose, absl::string_view unit) {
  return absl::StrCat(FormatNumber(dose, 0), " ", unit);
}

// "pegfilgrastim (long-acting)", or "津优力 (PEG-rhG-CSF, long-acting)" for
// an alias.
std::string DrugInWords(const v1::ProphylaxisAdministration& given, const GcsfDrug& drug,
                        const GcsfFormRules& form) {
  if (SameName(given.drug(), drug.name())) return absl::StrCat(given.drug(), " (", form.name(), ")");
  return absl::StrCat(given.drug(), " (", drug.name(), ", ", form.name(), ")");
}

// The other doses of the same case and cycle already recorded, by form.
struct Others {
  std::vector<const v1::ProphylaxisAdministration*> same_form;
  std::vector<const v1::ProphylaxisAdministration*> other_form;
};

Others OthersInCycle(const GcsfRules& rules, const v1::ProphylaxisAdministration& given,
                     GcsfForm form, const v1::PatientState& state) {
  Others others;
  for (const v1::ProphylaxisAdministration& other : state.prophylaxis()) {
    if (other.id() == given.id() || other.case_id() != given.case_id() ||
        other.cycle_number() != given.cycle_number()) {
      continue;
    }
    const GcsfDrug* drug = rules.FindDrug(other.drug());
    if (drug == nullptr) continue;
    (drug->form() == form ? others.same_form : others.other_form).push_back(&other);
  }
  return others;
}

std::string Ids(const std::vector<const v1::ProphylaxisAdministration*>& doses) {
  return absl::StrJoin(doses, ", ", [](std::string* out, const v1::ProphylaxisAdministration* dose) {
    absl::StrAppend(out, dose->drug(), " ", dose->id());
  });
}

void CheckDose(const GcsfRules& rules, const v1::ProphylaxisAdministration& given,
               const std::string& drug, const GcsfFormRules& form,
               std::vector<std::string>& reasons) {
  const std::string source = absl::StrCat(" [", form.source(), "]");
  const auto& doses = form.dose();
  auto label = std::find_if(doses.begin(), doses.end(), [&](const GcsfLabelDose& dose) {
    return dose.unit() == given.dose_unit();
  });
  if (label == doses.end()) {
    reasons.push_back(absl::StrCat(
        "dose ", Dose(given.dose(), given.dose_unit()), " of ", drug, ": the ", form.name(),
        " label gives no dose in ", given.dose_unit(), " (label: ",
        absl::StrJoin(doses, " or ",
                      [](std::string* out, const GcsfLabelDose& dose) {
                        out->append(Dose(dose.label_dose(), dose.unit()));
                      }),
        ") → check it against the label", source));
    return;
  }
  if (given.dose() >= label->min() && given.dose() <= label->max()) return;
  reasons.push_back(absl::StrCat(
      "dose ", Dose(given.dose(), given.dose_unit()), " of ", drug, " is outside the label window ",
      FormatNumber(label->min(), 0), "–", Dose(label->max(), label->unit()), " (",
      Dose(label->label_dose(), label->unit()), " ± ",
      FormatNumber(rules.table().tolerance_percent(), 0), "%)", source));
}

void CheckTiming(const v1::ProphylaxisAdministration& given, const std::string& drug,
                 const GcsfFormRules& form, bool first, std::vector<std::string>& reasons) {
  const double hours = given.hours_after_chemo_end();
  const std::string source = absl::StrCat(" [", form.source(), "]");
  if (first && !(hours >= form.min_hours() && hours <= form.max_hours())) {
    reasons.push_back(absl::StrCat("first ", form.name(), " dose of cycle ", given.cycle_number(),
                                   " (", drug, ") given ", Hours(hours),
                                   " after chemotherapy ended, outside ",
                                   FormatNumber(form.min_hours(), 0), "–",
                                   Hours(form.max_hours()), source));
  } else if (!first && hours < form.min_hours()) {
    reasons.push_back(absl::StrCat(form.name(), " dose (", drug, ") given ", Hours(hours),
                                   " after chemotherapy ended, before ",
                                   Hours(form.min_hours()), source));
  }
}

// The case's latest assessment for the cycle that has a result, or nullptr.
const v1::FnRiskAssessment* CycleAssessment(const v1::ProphylaxisAdministration& given,
                                            const v1::PatientState& state) {
  const v1::FnRiskAssessment* latest = nullptr;
  for (const v1::FnRiskAssessment& assessment : state.fn_risk_assessments()) {
    if (assessment.case_id() != given.case_id() ||
        assessment.cycle_number() != given.cycle_number() ||
        assessment.recommendation() == v1::PROPHYLAXIS_RECOMMENDATION_UNSPECIFIED) {
      continue;
    }
    if (latest == nullptr || !(assessment.assessed_at() < latest->assessed_at())) {
      latest = &assessment;
    }
  }
  return latest;
}

// The case's owning site; the patient's registering site without the case.
std::string ReviewSite(const std::string& case_id, const v1::PatientState& state) {
  for (const v1::Case& c : state.cases()) {
    if (c.id() == case_id) return c.owning_site_id();
  }
  return state.patient().registering_site_id();
}

}  // namespace

absl::StatusOr<GcsfRules> GcsfRules::Parse(absl::string_view text) {
  GcsfRules rules;
  RETURN_IF_ERROR(ParseTextFormat(kGcsfFile, text, rules.table_));
  const GcsfTable& table = rules.table_;
  if (table.dose_units().empty()) {
    return Invalid(absl::StrCat(kGcsfFile, ": dose_units"), "needs at least one unit");
  }
  RETURN_IF_ERROR(CheckDrugs(table));
  RETURN_IF_ERROR(CheckForms(table));
  if (table.review_due_hours() <= 0) {
    return Invalid(absl::StrCat(kGcsfFile, ": review_due_hours"),
                   absl::StrCat("must be > 0, got ", table.review_due_hours()));
  }
  return rules;
}

const GcsfDrug* GcsfRules::FindDrug(absl::string_view name) const {
  for (const GcsfDrug& drug : table_.drug()) {
    if (SameName(drug.name(), name)) return &drug;
    for (const std::string& alias : drug.aliases()) {
      if (SameName(alias, name)) return &drug;
    }
  }
  return nullptr;
}

const GcsfFormRules& GcsfRules::Form(GcsfForm form) const {
  for (const GcsfFormRules& rules : table_.form()) {
    if (rules.form() == form) return rules;
  }
  // Parse checks that every drug's form has rules.
  return GcsfFormRules::default_instance();
}

std::string GcsfRules::DrugNames() const {
  return absl::StrJoin(table_.drug(), ", ", [](std::string* out, const GcsfDrug& drug) {
    out->append(drug.name());
  });
}

absl::Status CheckProphylaxis(const GcsfRules& rules, const v1::RecordProphylaxisRequest& request,
                              const v1::PatientState& state) {
  if (rules.FindDrug(request.drug()) == nullptr) {
    return Invalid("drug", absl::StrCat("'", request.drug(),
                                        "' is not a G-CSF for prophylaxis (known: ",
                                        rules.DrugNames(), ")"));
  }
  if (!(std::isfinite(request.dose()) && request.dose() > 0)) {
    return Invalid("dose", absl::StrCat("must be a number > 0, got ", request.dose()));
  }
  const auto& units = rules.table().dose_units();
  if (std::find(units.begin(), units.end(), request.dose_unit()) == units.end()) {
    return Invalid("dose_unit", absl::StrCat("'", request.dose_unit(),
                                             "' is not a dose unit (accepted: ",
                                             absl::StrJoin(units, ", "), ")"));
  }
  if (!(std::isfinite(request.hours_after_chemo_end()) && request.hours_after_chemo_end() >= 0)) {
    return Invalid("hours_after_chemo_end",
                   absl::StrCat("must be a number >= 0, got ", request.hours_after_chemo_end()));
  }
  const auto& cases = state.cases();
  if (std::none_of(cases.begin(), cases.end(),
                   [&](const v1::Case& c) { return c.id() == request.case_id(); })) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", request.case_id(), " not found"));
  }
  const auto& cycles = state.chemo_cycles();
  if (std::none_of(cycles.begin(), cycles.end(), [&](const v1::ChemoCycle& cycle) {
        return cycle.case_id() == request.case_id() &&
               cycle.cycle_number() == request.cycle_number();
      })) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cycle ", request.cycle_number(), " of case ", request.case_id(), " has not started"));
  }
  return absl::OkStatus();
}

std::vector<v1::Event> ReviewProphylaxis(const GcsfRules& rules, const v1::Event& event,
                                         const v1::PatientState& state) {
  const v1::ProphylaxisAdministration& given = event.prophylaxis_recorded().administration();
  std::vector<std::string> reasons;
  if (const GcsfDrug* drug = rules.FindDrug(given.drug()); drug == nullptr) {
    // Validate refuses it; a table changed since must not let it pass.
    reasons.push_back(absl::StrCat("drug '", given.drug(), "' is not a G-CSF of ", kGcsfFile,
                                   " → check what was given [clinical-rules.md §7]"));
  } else {
    const GcsfFormRules& form = rules.Form(drug->form());
    const std::string words = DrugInWords(given, *drug, form);
    const Others others = OthersInCycle(rules, given, drug->form(), state);
    CheckDose(rules, given, words, form, reasons);
    CheckTiming(given, words, form, others.same_form.empty(), reasons);
    if (form.doses_per_cycle() > 0 &&
        static_cast<int>(others.same_form.size()) >= form.doses_per_cycle()) {
      reasons.push_back(absl::StrCat(
          "dose ", others.same_form.size() + 1, " of a ", form.name(), " G-CSF in cycle ",
          given.cycle_number(), " (before: ", Ids(others.same_form), "), label: ",
          form.doses_per_cycle(), " per cycle [", form.source(), "]"));
    }
    if (!others.other_form.empty()) {
      reasons.push_back(absl::StrCat("both forms in cycle ", given.cycle_number(), ": ", words,
                                     " after ", Ids(others.other_form),
                                     " → do not give both forms as prophylaxis in the same "
                                     "cycle [",
                                     kBothFormsSource, "]"));
    }
  }
  if (const v1::FnRiskAssessment* assessment = CycleAssessment(given, state);
      assessment != nullptr &&
      assessment->recommendation() == v1::PROPHYLAXIS_RECOMMENDATION_NONE) {
    reasons.push_back(absl::StrCat("FN risk assessment ", assessment->id(), " of cycle ",
                                   given.cycle_number(),
                                   " recommends no prophylaxis (low FN risk) → G-CSF in a "
                                   "low-risk cycle is an over-use signal [",
                                   kOverUseSource, "]"));
  }

  std::vector<v1::Event> derived(1);
  v1::ProphylaxisReviewed& review = *derived[0].mutable_prophylaxis_reviewed();
  review.set_administration_id(given.id());
  review.set_needs_pharmacist_review(!reasons.empty());
  for (std::string& reason : reasons) review.add_reasons(std::move(reason));
  if (!review.needs_pharmacist_review()) return derived;

  v1::Task& task = *derived.emplace_back().mutable_task_created()->mutable_task();
  task.set_case_id(given.case_id());
  task.set_site_id(ReviewSite(given.case_id(), state));
  task.set_assignee_role(v1::ROLE_PHARMACIST);
  task.set_kind(kGcsfReviewTaskKind);
  task.set_title(absl::StrCat("Review G-CSF: ", given.drug(), " ",
                              Dose(given.dose(), given.dose_unit()), ", cycle ",
                              given.cycle_number()));
  *task.mutable_due_at() =
      event.recorded_at() +
      TimeUtil::SecondsToDuration(int64_t{rules.table().review_due_hours()} * 3600);
  return derived;
}

}  // namespace casehub::myelosuppression
