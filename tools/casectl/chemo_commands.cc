// chemo assess, chemo consent, chemo start: what must precede a chemotherapy
// cycle (the FN risk assessment and the informed consent), and its start.
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
  };
}

}  // namespace casehub::casectl
