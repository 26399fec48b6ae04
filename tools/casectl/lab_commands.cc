// labs record, labs import: laboratory results onto patients' timelines, one
// at a time or a file's worth in batches.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/lab_file.h"
#include "tools/casectl/option_file.h"
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

// The most results RecordLabResults takes in one call.
constexpr size_t kResultsPerCall = 500;

int RecordedCount(const v1::RecordLabResultsResponse& answered) {
  int recorded = 0;
  for (const auto& entry : answered.entries()) recorded += entry.code() == 0 ? 1 : 0;
  return recorded;
}

// The lines whose results were refused, and how many of those answered
// were recorded.
void PrintImported(const std::vector<LabFileLine>& lines,
                   const v1::RecordLabResultsResponse& answered, std::ostream& out) {
  Table table({"LINE", "PATIENT", "REFUSED"});
  for (int i = 0; i < answered.entries_size(); ++i) {
    const auto& entry = answered.entries(i);
    if (entry.code() == 0) continue;
    table.AddRow({absl::StrCat(lines[i].line_number), lines[i].request.patient_id(),
                  entry.message()});
  }
  if (!table.empty()) table.Print(out);
  out << "recorded " << RecordedCount(answered) << " of " << answered.entries_size()
      << " results\n";
}

absl::Status ImportLabResults(const CommandContext& context) {
  absl::StatusOr<std::string> text = ReadOptionFile("file", context.options.Text("file"));
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<LabFileLine>> lines = ParseLabFile(*text);
  if (!lines.ok()) return lines.status();

  // Every call's entries, in file order.
  v1::RecordLabResultsResponse answered;
  for (size_t first = 0; first < lines->size(); first += kResultsPerCall) {
    v1::RecordLabResultsRequest request;
    for (size_t i = first; i < std::min(lines->size(), first + kResultsPerCall); ++i) {
      *request.add_results() = (*lines)[i].request;
    }
    v1::RecordLabResultsResponse response;
    absl::Status status =
        context.connection.Call(&v1::ClinicalService::Stub::RecordLabResults, request, &response);
    if (status.ok() && response.entries_size() != request.results_size()) {
      status = absl::InternalError(absl::StrCat("the hub answered ", response.entries_size(),
                                                " entries for ", request.results_size(),
                                                " results"));
    }
    if (!status.ok()) {
      // What the earlier calls answered still counts; the rest was not recorded.
      PrintImported(*lines, answered, context.out);
      return absl::Status(status.code(),
                          absl::StrCat("lines from ", (*lines)[first].line_number,
                                       " on were not recorded: ", status.message(),
                                       "; import the file again to send them"));
    }
    for (auto& entry : *response.mutable_entries()) *answered.add_entries() = std::move(entry);
  }

  absl::Status shown = Show(context, answered, [&](std::ostream& out) {
    PrintImported(*lines, answered, out);
  });
  const int refused = answered.entries_size() - RecordedCount(answered);
  if (!shown.ok() || refused == 0) return shown;
  return absl::InvalidArgumentError(absl::StrCat(
      refused, " results refused (listed above); correct those lines and import the file "
               "again: the recorded ones are not recorded twice"));
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
      {.spec = {.words = {"labs", "import"},
                .summary = "Record a CSV file of laboratory results, 500 per call; "
                           "importing a file again records nothing twice",
                .options = {{.name = "file",
                             .value_name = "PATH",
                             .help = "CSV with a header: patient,loinc,value,unit,observed_at "
                                     "and optionally case,accession,ref_low,ref_high; - reads "
                                     "standard input",
                             .required = true}}},
       .run = ImportLabResults},
  };
}

}  // namespace casehub::casectl
