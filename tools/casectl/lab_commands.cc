// labs record: laboratory results onto a patient's timeline.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

constexpr char kLoincSystem[] = "http://loinc.org";

absl::Status RecordLabResult(const CommandContext& context) {
  const OptionValues& options = context.options;
  v1::RecordLabResultRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(options);
  request.set_patient_id(options.Text("patient"));
  v1::LabResult& result = *request.mutable_result();
  result.mutable_code()->set_system(kLoincSystem);
  result.mutable_code()->set_code(options.Text("loinc"));
  result.set_value(options.Number("value"));
  result.set_unit(options.Text("unit"));
  *result.mutable_observed_at() = ToTimestamp(options.Time("observed-at"));
  if (options.Has("ref-low")) {
    result.set_reference_low(options.Number("ref-low"));
  }
  if (options.Has("ref-high")) {
    result.set_reference_high(options.Number("ref-high"));
  }
  result.set_case_id(options.Text("case"));
  result.set_accession(options.Text("accession"));
  return CallAndShow(
      context, &v1::ClinicalService::Stub::RecordLabResult, request,
      [](const v1::RecordLabResultResponse& response, std::ostream& out) {
        Table table;
        table.AddRow({"Version", absl::StrCat(response.version())});
        table.AddRow({"Event seq", absl::StrCat(response.event_seq())});
        table.Print(out);
      });
}

}  // namespace

std::vector<Command> LabCommands() {
  return {
      {.spec = {.words = {"labs", "record"},
                .summary = "Record a laboratory result",
                .options = WithWriteOptions(
                    {{.name = "patient",
                      .value_name = "ID",
                      .help = "Patient the specimen came from",
                      .required = true},
                     {.name = "loinc",
                      .value_name = "CODE",
                      .help = "LOINC code of the test, e.g. 751-8",
                      .required = true},
                     {.name = "value",
                      .kind = ValueKind::kNumber,
                      .value_name = "NUMBER",
                      .help = "Measured value",
                      .required = true},
                     {.name = "unit",
                      .value_name = "UNIT",
                      .help = "UCUM unit as reported, e.g. 10*9/L",
                      .required = true},
                     {.name = "observed-at",
                      .kind = ValueKind::kTime,
                      .value_name = "RFC3339",
                      .help = "When the specimen was taken",
                      .default_value = "now"},
                     {.name = "case",
                      .value_name = "ID",
                      .help = "Case the result belongs to"},
                     {.name = "ref-low",
                      .kind = ValueKind::kNumber,
                      .value_name = "NUMBER",
                      .help = "Lower bound of the lab's reference range"},
                     {.name = "ref-high",
                      .kind = ValueKind::kNumber,
                      .value_name = "NUMBER",
                      .help = "Upper bound of the lab's reference range"},
                     {.name = "accession",
                      .value_name = "ID",
                      .help = "The laboratory's accession number"}},
                    VersionCheck::kOptional)},
       .run = RecordLabResult},
  };
}

}  // namespace casehub::casectl
