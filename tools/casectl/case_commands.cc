// cases open, cases get, cases stage, cases data, cases list.
#include "absl/status/status.h"
#include "casehub/v1/case.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/case_facts.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

constexpr char kIcd10System[] = "http://hl7.org/fhir/sid/icd-10";

void PrintCase(const v1::Case& kase, std::ostream& out) {
  Table table;
  table.AddRow({"Case", kase.id()});
  table.AddRow({"Patient", kase.patient_id()});
  table.AddRow({"Diagnosis", kase.diagnosis().code()});
  table.AddRow({"Tumor", kase.tumor_type()});
  table.AddRow({"Plugin", kase.plugin_id()});
  table.AddRow({"Site", kase.owning_site_id()});
  table.AddRow({"Stage", kase.stage()});
  table.AddRow({"Status", EnumWord(kase.status())});
  table.AddRow({"Opened", FormatTime(kase.opened_at())});
  table.Print(out);

  Table facts({"KEY", "VALUE", "RECORDED", "BY"});
  for (const v1::CaseFact& fact : kase.facts()) {
    facts.AddRow({fact.key(), fact.value(), FormatTime(fact.recorded_at()),
                  fact.recorded_by()});
  }
  PrintSection(out, "DATA", facts);

  Table history({"STAGE", "ENTERED"});
  for (const v1::StageVisit& visit : kase.stage_history()) {
    history.AddRow({visit.stage(), FormatTime(visit.entered_at())});
  }
  PrintSection(out, "STAGE HISTORY", history);
}

absl::Status OpenCase(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::OpenCaseRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_patient_id(options.Text("patient"));
  request.mutable_diagnosis()->set_system(kIcd10System);
  request.mutable_diagnosis()->set_code(options.Text("icd10"));
  request.set_tumor_type(options.Text("tumor-type"));
  request.set_owning_site_id(options.Text("owning-site"));
  return CallAndShow(context, &v1::CaseService::Stub::OpenCase, request,
                     PrintCase);
}

absl::Status GetCase(const CommandContext& context) {
  v1::GetCaseRequest request;
  request.set_case_id(context.arguments[0]);
  return CallAndShow(context, &v1::CaseService::Stub::GetCase, request,
                     PrintCase);
}

absl::Status ChangeCaseStage(const CommandContext& context) {
  v1::ChangeCaseStageRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_case_id(context.arguments[0]);
  request.set_to_stage(context.options.Text("to"));
  request.set_reason(context.options.Text("reason"));
  return CallAndShow(context, &v1::CaseService::Stub::ChangeCaseStage, request,
                     PrintCase);
}

absl::Status RecordCaseData(const CommandContext& context) {
  v1::RecordCaseDataRequest request;
  // Arguments after the case id: checked before anything is sent.
  const std::vector<std::string> facts(context.arguments.begin() + 1,
                                       context.arguments.end());
  if (absl::Status status = AddCaseFacts(facts, request); !status.ok()) {
    return status;
  }
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_case_id(context.arguments[0]);
  return CallAndShow(context, &v1::CaseService::Stub::RecordCaseData, request,
                     PrintCase);
}

absl::Status ListCases(const CommandContext& context) {
  v1::ListCasesRequest request;
  request.set_site_id(context.options.Text("at"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  SetPage(context.options, request);
  return CallAndShow(
      context, &v1::CaseService::Stub::ListCases, request,
      [](const v1::ListCasesResponse& response, std::ostream& out) {
        CaseTable(response.cases()).Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

}  // namespace

std::vector<Command> CaseCommands() {
  return {
      {.spec = {.words = {"cases", "open"},
                .summary = "Open a case for a diagnosis",
                .options = WithWriteOptions(
                    {{.name = "patient",
                      .value_name = "ID",
                      .help = "Patient the case is for",
                      .required = true},
                     {.name = "icd10",
                      .value_name = "CODE",
                      .help = "Primary diagnosis, ICD-10, e.g. C34.1",
                      .required = true},
                     {.name = "tumor-type",
                      .value_name = "TYPE",
                      .help = "Refuse unless the diagnosis routes to this "
                              "tumor type"},
                     {.name = "owning-site",
                      .value_name = "ID",
                      .help = "Site responsible for the case (default: the "
                              "caller's site)"}},
                    VersionCheck::kOptional)},
       .run = OpenCase},
      {.spec = {.words = {"cases", "get"},
                .arguments = {"ID"},
                .summary = "Show one case"},
       .run = GetCase},
      {.spec = {.words = {"cases", "stage"},
                .arguments = {"ID"},
                .summary = "Move a case to another stage of its pathway",
                .options = WithWriteOptions({{.name = "to",
                                              .value_name = "STAGE",
                                              .help = "Target stage id",
                                              .required = true},
                                             {.name = "reason",
                                              .value_name = "TEXT",
                                              .help = "Why the case moves"}},
                                            VersionCheck::kOptional)},
       .run = ChangeCaseStage},
      {.spec = {.words = {"cases", "data"},
                .arguments = {"ID", "KEY=VALUE"},
                .last_argument_repeats = true,
                .summary = "Record a case's staging, markers or plan; "
                           "'plugins show' lists the fields",
                .options = WithWriteOptions({}, VersionCheck::kOptional)},
       .run = RecordCaseData},
      {.spec = {.words = {"cases", "list"},
                .summary = "List the cases owned by a site",
                .options = WithPageOptions(
                    {{.name = "at",
                      .value_name = "SITE",
                      .help = "Owning site (default: the caller's site)"},
                     {.name = "tumor-type",
                      .value_name = "TYPE",
                      .help = "Only cases of this tumor type"}})},
       .run = ListCases},
  };
}

}  // namespace casehub::casectl
