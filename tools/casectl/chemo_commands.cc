// chemo assess, chemo consent, chemo start: what must precede a chemotherapy
// cycle (the FN risk assessment and the informed consent), and its start;
// chemo fever: a fever checked against the febrile-neutropenia definition;
// chemo gcsf: a G-CSF prophylaxis dose, reviewed by the module.
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/chemo.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

OptionSpec CaseOption() {
  return {.name = "case",
          .value_name = "ID",
          .help = "Case the chemotherapy treats",
          .required = true};
}

OptionSpec CycleOption(std::string help) {
  return {.name = "cycle",
          .kind = ValueKind::kInteger,
          .value_name = "N",
          .help = std::move(help),
          .required = true,
          .min = 1,
          .max = std::numeric_limits<uint32_t>::max()};
}

OptionSpec RegimenOption() {
  return {.name = "regimen",
          .value_name = "ID",
          .help = "Regimen from the module's catalogue, e.g. breast.ddac_t",
          .required = true};
}

uint32_t CycleNumber(const OptionValues& options) {
  // The option's range is that of the field.
  return static_cast<uint32_t>(options.Integer("cycle"));
}

// One answer per --factor KEY (present) and --no-factor KEY (absent). A key
// answered twice is refused, even when both answers agree: the form takes one
// answer per factor.
absl::Status AddAnswers(const OptionValues& options,
                        v1::RecordFnRiskAssessmentRequest& request) {
  std::set<std::string> answered;
  for (const auto& [option, present] :
       {std::pair("factor", true), std::pair("no-factor", false)}) {
    for (std::string& key : options.Texts(option)) {
      if (!answered.insert(key).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("risk factor ", key, " is answered more than once"));
      }
      v1::RiskFactorAnswer& answer = *request.add_answers();
      answer.set_key(std::move(key));
      answer.set_present(present);
    }
  }
  return absl::OkStatus();
}

void PrintAssessment(const v1::FnRiskAssessment& assessment,
                     std::ostream& out) {
  Table table;
  table.AddRow({"Assessment", assessment.id()});
  table.AddRow({"Case", assessment.case_id()});
  table.AddRow({"Cycle", absl::StrCat(assessment.cycle_number())});
  table.AddRow({"Regimen", assessment.regimen_id()});
  table.AddRow({"Regimen category", EnumWord(assessment.regimen_category())});
  table.AddRow({"Overall risk", EnumWord(assessment.overall_risk())});
  table.AddRow(
      {"Recommendation", RecommendationWords(assessment.recommendation())});
  table.AddRow({"Assessed", Step(assessment.assessed_at(),
                                 ActorName(assessment.assessed_by()))});
  table.Print(out);
  Table reasons;
  for (const std::string& reason : assessment.reasons()) {
    reasons.AddRow({reason});
  }
  PrintSection(out, "REASONS", reasons);
}

void PrintConsent(const v1::ChemoConsent& consent, std::ostream& out) {
  Table table;
  table.AddRow({"Case", consent.case_id()});
  table.AddRow({"Cycle", absl::StrCat(consent.cycle_number())});
  table.AddRow({"Document", consent.document_ref()});
  table.AddRow({"Recorded",
                Step(consent.recorded_at(), ActorName(consent.recorded_by()))});
  table.Print(out);
}

void PrintCycle(const v1::ChemoCycle& cycle, std::ostream& out) {
  Table table;
  table.AddRow({"Cycle", cycle.id()});
  table.AddRow({"Case", cycle.case_id()});
  table.AddRow({"Number", absl::StrCat(cycle.cycle_number())});
  table.AddRow({"Regimen", cycle.regimen_id()});
  table.AddRow({"Started", FormatTime(cycle.started_at())});
  table.AddRow({"Worst ANC grade", GradeWord(cycle.worst_anc_grade())});
  table.Print(out);
}

absl::Status RecordFnRiskAssessment(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RecordFnRiskAssessmentRequest request;
  if (absl::Status status = AddAnswers(options, request); !status.ok()) {
    return status;
  }
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_case_id(options.Text("case"));
  request.set_cycle_number(CycleNumber(options));
  request.set_regimen_id(options.Text("regimen"));
  return CallAndShow(context, &v1::ChemoService::Stub::RecordFnRiskAssessment,
                     request, PrintAssessment);
}

absl::Status RecordChemoConsent(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RecordChemoConsentRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_case_id(options.Text("case"));
  request.set_cycle_number(CycleNumber(options));
  request.set_document_ref(options.Text("document"));
  return CallAndShow(context, &v1::ChemoService::Stub::RecordChemoConsent,
                     request, PrintConsent);
}

absl::Status StartChemoCycle(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::StartChemoCycleRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_case_id(options.Text("case"));
  request.set_cycle_number(CycleNumber(options));
  request.set_regimen_id(options.Text("regimen"));
  return CallAndShow(context, &v1::ChemoService::Stub::StartChemoCycle, request,
                     PrintCycle);
}

// The MASCC yes/no items: option name -> setter. An item not given stays
// unset, and the module then scores nothing and says which items are missing.
using MasccSetter = void (v1::MasccItems::*)(bool);
constexpr std::pair<const char*, MasccSetter> kMasccAnswers[] = {
    {"hypotension", &v1::MasccItems::set_hypotension},
    {"copd", &v1::MasccItems::set_copd},
    {"solid-tumor", &v1::MasccItems::set_solid_tumor_or_no_prior_fungal_infection},
    {"dehydration", &v1::MasccItems::set_dehydration_needing_iv_fluids},
    {"outpatient", &v1::MasccItems::set_outpatient_at_onset},
};

absl::Status RecordFebrileEpisode(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RecordFebrileEpisodeRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_case_id(options.Text("case"));
  *request.mutable_observed_at() = ToTimestamp(options.Time("observed-at"));
  request.set_temperature_c(options.Number("temperature"));
  request.set_temperature_sustained_1h(options.Flag("sustained"));
  request.set_anc(options.Number("anc"));
  v1::MasccItems& mascc = *request.mutable_mascc();
  if (options.Has("burden")) {
    const std::string burden = options.Text("burden");
    mascc.set_burden_of_illness(burden == "none" ? v1::ILLNESS_BURDEN_NONE_OR_MILD
                                : burden == "moderate" ? v1::ILLNESS_BURDEN_MODERATE
                                                       : v1::ILLNESS_BURDEN_SEVERE);
  }
  for (const auto& [name, set] : kMasccAnswers) {
    if (options.Has(name)) (mascc.*set)(options.Text(name) == "yes");
  }
  return CallAndShow(context, &v1::ChemoService::Stub::RecordFebrileEpisode, request,
                     [](const v1::FebrileEpisode& episode, std::ostream& out) {
                       Table table;
                       table.AddRow({"Episode", episode.id()});
                       table.AddRow({"Febrile neutropenia",
                                     episode.febrile_neutropenia() ? "yes" : "no"});
                       table.AddRow({"MASCC", episode.has_mascc_score()
                                                  ? absl::StrCat(episode.mascc_score(),
                                                                 episode.mascc_low_risk()
                                                                     ? " (low risk)"
                                                                     : " (high risk)")
                                                  : "-"});
                       table.Print(out);
                       Table reasons;
                       for (const std::string& reason : episode.reasons()) {
                         reasons.AddRow({reason});
                       }
                       PrintSection(out, "REASONS", reasons);
                     });
}

absl::Status RecordProphylaxis(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RecordProphylaxisRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_case_id(options.Text("case"));
  request.set_cycle_number(CycleNumber(options));
  request.set_drug(options.Text("drug"));
  request.set_dose(options.Number("dose"));
  request.set_dose_unit(options.Text("unit"));
  request.set_hours_after_chemo_end(options.Number("hours-after-chemo"));
  *request.mutable_administered_at() = ToTimestamp(options.Time("given-at"));
  return CallAndShow(context, &v1::ChemoService::Stub::RecordProphylaxis, request,
                     [](const v1::ProphylaxisAdministration& given, std::ostream& out) {
                       Table table;
                       table.AddRow({"Dose", given.id()});
                       table.AddRow({"Drug", absl::StrCat(given.drug(), " ",
                                                          FormatNumber(given.dose()), " ",
                                                          given.dose_unit())});
                       table.AddRow({"Pharmacist review",
                                     given.needs_pharmacist_review() ? "needed" : "not needed"});
                       table.Print(out);
                       Table reasons;
                       for (const std::string& reason : given.review_reasons()) {
                         reasons.AddRow({reason});
                       }
                       PrintSection(out, "REASONS", reasons);
                     });
}

std::vector<OptionSpec> FeverOptions() {
  std::vector<OptionSpec> options = {
      CaseOption(),
      {.name = "temperature",
       .kind = ValueKind::kNumber,
       .value_name = "CELSIUS",
       .help = "Highest temperature",
       .required = true},
      {.name = "sustained",
       .kind = ValueKind::kFlag,
       .help = "A temperature >= 38.0 °C lasted more than one hour"},
      {.name = "anc",
       .kind = ValueKind::kNumber,
       .value_name = "10^9/L",
       .help = "ANC at the time",
       .required = true},
      {.name = "observed-at",
       .kind = ValueKind::kTime,
       .value_name = "RFC3339",
       .help = "When the fever was measured",
       .default_value = "now"},
      {.name = "burden",
       .help = "MASCC: burden of illness",
       .choices = {"none", "moderate", "severe"}},
  };
  for (const auto& [name, set] : kMasccAnswers) {
    options.push_back({.name = name,
                       .help = absl::StrCat("MASCC item: ", name),
                       .choices = {"yes", "no"}});
  }
  return options;
}

}  // namespace

std::vector<Command> ChemoCommands() {
  return {
      {.spec = {.words = {"chemo", "assess"},
                .summary = "Record the febrile-neutropenia risk assessment "
                           "before a cycle, answering every risk factor",
                .options = WithWriteOptions(
                    {CaseOption(),
                     CycleOption("Cycle the assessment clears (1 = first)"),
                     RegimenOption(),
                     {.name = "factor",
                      .value_name = "KEY",
                      .help = "A risk factor that is present, e.g. "
                              "age_gt_65_full_dose",
                      .repeatable = true},
                     {.name = "no-factor",
                      .value_name = "KEY",
                      .help = "A risk factor that is absent",
                      .repeatable = true}},
                    VersionCheck::kOptional)},
       .run = RecordFnRiskAssessment},
      {.spec = {.words = {"chemo", "consent"},
                .summary = "Record the informed consent to a cycle",
                .options = WithWriteOptions(
                    {CaseOption(),
                     CycleOption("Cycle consented to"),
                     {.name = "document",
                      .value_name = "REF",
                      .help = "The signed form: scan id or document number"}},
                    VersionCheck::kOptional)},
       .run = RecordChemoConsent},
      {.spec = {.words = {"chemo", "start"},
                .summary = "Start a cycle; refused without a current "
                           "assessment and a consent for it",
                .options = WithWriteOptions(
                    {CaseOption(), CycleOption("Cycle to start (1 = first)"),
                     RegimenOption()},
                    VersionCheck::kOptional)},
       .run = StartChemoCycle},
      {.spec = {.words = {"chemo", "fever"},
                .summary = "Record a fever; the module checks the febrile-neutropenia "
                           "definition and scores MASCC when every item is given",
                .options = WithWriteOptions(FeverOptions(), VersionCheck::kOptional)},
       .run = RecordFebrileEpisode},
      {.spec = {.words = {"chemo", "gcsf"},
                .summary = "Record a G-CSF prophylaxis dose; doubtful ones go to the "
                           "pharmacists' review worklist",
                .options = WithWriteOptions(
                    {CaseOption(),
                     CycleOption("Cycle the dose belongs to"),
                     {.name = "drug",
                      .value_name = "NAME",
                      .help = "Generic name, e.g. pegfilgrastim, filgrastim",
                      .required = true},
                     {.name = "dose",
                      .kind = ValueKind::kNumber,
                      .value_name = "AMOUNT",
                      .help = "Dose given",
                      .required = true},
                     {.name = "unit",
                      .help = "Unit of the dose",
                      .required = true,
                      .choices = {"mg", "ug", "ug/kg"}},
                     {.name = "hours-after-chemo",
                      .kind = ValueKind::kNumber,
                      .value_name = "HOURS",
                      .help = "Hours since the cycle's chemotherapy ended",
                      .required = true},
                     {.name = "given-at",
                      .kind = ValueKind::kTime,
                      .value_name = "RFC3339",
                      .help = "When the dose was given",
                      .default_value = "now"}},
                    VersionCheck::kOptional)},
       .run = RecordProphylaxis},
  };
}

}  // namespace casehub::casectl
