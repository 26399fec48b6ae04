#include "tools/casectl/lab_file.h"

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "services/common/fnv1a.h"
#include "tools/casectl/format.h"

namespace casehub::casectl {
namespace {

constexpr char kLoincSystem[] = "http://loinc.org";
constexpr std::array<absl::string_view, 5> kRequired = {"patient", "loinc", "value", "unit",
                                                        "observed_at"};
constexpr std::array<absl::string_view, 4> kOptional = {"case", "accession", "ref_low",
                                                        "ref_high"};

bool IsKnown(absl::string_view column) {
  for (absl::string_view known : kRequired) {
    if (column == known) return true;
  }
  for (absl::string_view known : kOptional) {
    if (column == known) return true;
  }
  return false;
}

absl::Status AtLine(int line_number, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": ", problem));
}

absl::StatusOr<double> Number(int line_number, absl::string_view column,
                              absl::string_view text) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value)) {
    return AtLine(line_number, absl::StrCat(column, ": '", text, "' is not a number"));
  }
  return value;
}

// The line's fields by column; `columns` is the header's.
absl::StatusOr<v1::RecordLabResultRequest> ParseResult(
    int line_number, absl::string_view line, const std::vector<std::string>& columns) {
  std::vector<std::string> fields = absl::StrSplit(line, ',');
  if (fields.size() != columns.size()) {
    return AtLine(line_number, absl::StrFormat("%d fields, but the header names %d columns",
                                               fields.size(), columns.size()));
  }
  std::map<std::string, std::string> by_column;
  for (size_t i = 0; i < fields.size(); ++i) {
    by_column[columns[i]] = std::string(absl::StripAsciiWhitespace(fields[i]));
  }
  for (absl::string_view column : kRequired) {
    if (by_column[std::string(column)].empty()) {
      return AtLine(line_number, absl::StrCat(column, ": is required"));
    }
  }
  v1::RecordLabResultRequest request;
  request.set_patient_id(by_column["patient"]);
  v1::LabResult& result = *request.mutable_result();
  result.mutable_code()->set_system(kLoincSystem);
  result.mutable_code()->set_code(by_column["loinc"]);
  auto value = Number(line_number, "value", by_column["value"]);
  if (!value.ok()) return value.status();
  result.set_value(*value);
  result.set_unit(by_column["unit"]);
  absl::Time observed;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, by_column["observed_at"], &observed, &error)) {
    return AtLine(line_number, absl::StrCat("observed_at: '", by_column["observed_at"],
                                            "' is not an RFC 3339 time (e.g. "
                                            "2026-11-02T08:30:00+08:00)"));
  }
  *result.mutable_observed_at() = ToTimestamp(observed);
  result.set_case_id(by_column["case"]);
  result.set_accession(by_column["accession"]);
  if (!by_column["ref_low"].empty()) {
    auto low = Number(line_number, "ref_low", by_column["ref_low"]);
    if (!low.ok()) return low.status();
    result.set_reference_low(*low);
  }
  if (!by_column["ref_high"].empty()) {
    auto high = Number(line_number, "ref_high", by_column["ref_high"]);
    if (!high.ok()) return high.status();
    result.set_reference_high(*high);
  }
  // From what the line says, not how: the same result exported again with
  // other spacing, number formatting or column order keeps its id.
  request.mutable_meta()->set_request_id(absl::StrFormat(
      "lab-%016x", Fnv1a64(absl::StrCat(request.patient_id(), "|", result.SerializeAsString()))));
  return request;
}

}  // namespace

absl::StatusOr<std::vector<LabFileLine>> ParseLabFile(absl::string_view text) {
  std::vector<std::string> columns;
  std::vector<LabFileLine> results;
  int line_number = 0;
  // A spreadsheet's UTF-8 export may start with a byte-order mark.
  absl::ConsumePrefix(&text, "\xEF\xBB\xBF");
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);  // also a CRLF file's \r
    if (line.empty() || absl::StartsWith(line, "#")) continue;
    if (absl::StrContains(line, '"')) {
      return AtLine(line_number, "quoted fields are not read; the columns hold ids, codes, "
                                 "numbers and times, none of which needs a quote or a comma");
    }
    if (columns.empty()) {
      for (absl::string_view column : absl::StrSplit(line, ',')) {
        std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(column));
        if (!IsKnown(name)) {
          return AtLine(line_number, absl::StrCat(
              "unknown column '", name, "'; the columns are ", absl::StrJoin(kRequired, ", "),
              " (required) and ", absl::StrJoin(kOptional, ", ")));
        }
        for (const std::string& seen : columns) {
          if (seen == name) return AtLine(line_number, absl::StrCat("column '", name, "' twice"));
        }
        columns.push_back(std::move(name));
      }
      for (absl::string_view required : kRequired) {
        if (std::find(columns.begin(), columns.end(), required) == columns.end()) {
          return AtLine(line_number, absl::StrCat("the header lacks the column '", required,
                                                  "'"));
        }
      }
      continue;
    }
    auto request = ParseResult(line_number, line, columns);
    if (!request.ok()) return request.status();
    results.push_back({line_number, *std::move(request)});
  }
  if (columns.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the file has no header line naming its columns (", absl::StrJoin(kRequired, ","), ")"));
  }
  return results;
}

}  // namespace casehub::casectl
