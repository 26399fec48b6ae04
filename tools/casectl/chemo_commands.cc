// chemo assess, chemo consent, chemo start: what must precede a chemotherapy
// cycle (the FN risk assessment and the informed consent), and its start
// with its planned date and doses;
// chemo fever: a fever checked against the febrile-neutropenia definition;
// chemo gcsf: a G-CSF prophylaxis dose, reviewed by the module.
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
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

// One --dose, "etoposide=300/240mg/m2": the drug, its planned and
// delivered dose in the cycle, and their unit. The hub checks the values.
absl::StatusOr<v1::CycleDose> ParseDose(absl::string_view text) {
  const auto refused = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        "--dose '", text, "': expected DRUG=PLANNED/DELIVERED followed by the unit, "
        "e.g. etoposide=300/240mg/m2"));
  };
  const size_t equals = text.find('=');
  const size_t slash = text.find('/', equals);
  if (equals == absl::string_view::npos || slash == absl::string_view::npos) return refused();
  const absl::string_view delivered_and_unit = text.substr(slash + 1);
  const size_t unit_at = delivered_and_unit.find_first_not_of("0123456789.");
  double planned = 0;
  double delivered = 0;
  if (unit_at == absl::string_view::npos ||
      !absl::SimpleAtod(text.substr(equals + 1, slash - equals - 1), &planned) ||
      !absl::SimpleAtod(delivered_and_unit.substr(0, unit_at), &delivered)) {
    return refused();
  }
  v1::CycleDose dose;
  dose.set_drug(std::string(text.substr(0, equals)));
  dose.set_unit(std::string(delivered_and_unit.substr(unit_at)));
  dose.set_planned_dose(planned);
  dose.set_delivered_dose(delivered);
  return dose;
}

void PrintCycle(const v1::ChemoCycle& cycle, std::ostream& out) {
  Table table;
  table.AddRow({"Cycle", cycle.id()});
  table.AddRow({"Case", cycle.case_id()});
  table.AddRow({"Number", absl::StrCat(cycle.cycle_number(), " of ", cycle.planned_cycles(),
                                       ", every ", cycle.cycle_length_days(), " days")});
  table.AddRow({"Regimen", cycle.regimen_id()});
  table.AddRow({"Planned", cycle.planned_start_date().empty() ? "-"
                                                              : cycle.planned_start_date()});
  table.AddRow({"Started", FormatTime(cycle.started_at())});
  if (cycle.delay_reason() != v1::CHEMO_DELAY_REASON_UNSPECIFIED) {
    table.AddRow({"Delayed by", EnumWord(cycle.delay_reason())});
  }
  std::vector<std::string> doses;
  for (const v1::CycleDose& dose : cycle.doses()) {
    doses.push_back(absl::StrCat(dose.drug(), " ", FormatNumber(dose.delivered_dose()), " of ",
                                 FormatNumber(dose.planned_dose()), " ", dose.unit()));
  }
  table.AddRow({"Doses", absl::StrJoin(doses, ", ")});
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
  request.set_planned_start_date(options.Text("planned-date"));
  // The options' ranges are those of the fields; one not given reads 0,
  // which keeps the course's plan.
  request.set_planned_cycles(static_cast<uint32_t>(options.Integer("planned-cycles")));
  request.set_cycle_length_days(static_cast<uint32_t>(options.Integer("cycle-length")));
  for (const std::string& text : options.Texts("dose")) {
    absl::StatusOr<v1::CycleDose> dose = ParseDose(text);
    if (!dose.ok()) return dose.status();
    *request.add_doses() = *std::move(dose);
  }
  request.set_delay_reason(ParseEnumWord<v1::ChemoDelayReason>(options.Text("delay-reason")));
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
                .summary = "Start a cycle with its planned date and doses; refused "
                           "without a current assessment and a consent for it",
                .options = WithWriteOptions(
                    {CaseOption(), CycleOption("Cycle to start (1 = first)"),
                     RegimenOption(),
                     {.name = "planned-date",
                      .value_name = "YYYY-MM-DD",
                      .help = "When the plan had the cycle start (required from cycle 2)"},
                     {.name = "planned-cycles",
                      .kind = ValueKind::kInteger,
                      .value_name = "N",
                      .help = "Cycles in the course (cycle 1; later cycles keep it)",
                      .min = 1,
                      .max = std::numeric_limits<uint32_t>::max()},
                     {.name = "cycle-length",
                      .kind = ValueKind::kInteger,
                      .value_name = "DAYS",
                      .help = "Days per cycle, e.g. 21 (cycle 1; later cycles keep it)",
                      .min = 1,
                      .max = std::numeric_limits<uint32_t>::max()},
                     {.name = "dose",
                      .value_name = "DRUG=PLANNED/DELIVERED",
                      .help = "A drug's planned and given dose in the cycle, then the unit "
                              "(mg/m2 or mg), e.g. etoposide=300/240mg/m2; one per drug, "
                              "at least one",
                      .repeatable = true},
                     {.name = "delay-reason",
                      .help = "Why it starts more than 7 days after the planned date",
                      .choices = EnumWords<v1::ChemoDelayReason>()}},
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
