// A laboratory's results as a CSV file, for `casectl labs import`: a header
// line naming the columns (in any order), then one result per line. Columns:
//   patient, loinc, value, unit, observed_at   (required; observed_at in RFC 3339)
//   case, accession, ref_low, ref_high          (optional)
// Blank lines and lines starting with '#' are skipped. Fields are not
// quoted: they hold ids, codes, numbers and times.
#ifndef CASEHUB_TOOLS_CASECTL_LAB_FILE_H_
#define CASEHUB_TOOLS_CASECTL_LAB_FILE_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/clinical.pb.h"

namespace casehub::casectl {

struct LabFileLine {
  // 1-based, as an editor shows it.
  int line_number;
  // Its request id is "lab-" and a hash of the result the line gives (not of
  // its spelling), so importing the same results again records nothing
  // twice, and a corrected line is new.
  v1::RecordLabResultRequest request;
};

// The file's results, in file order; INVALID_ARGUMENT naming the line and the
// column of the first problem (the header's, or a field's).
absl::StatusOr<std::vector<LabFileLine>> ParseLabFile(absl::string_view text);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_LAB_FILE_H_
