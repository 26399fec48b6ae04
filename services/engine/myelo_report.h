// The myelosuppression report of one site and period: each indicator of
// myelo_indicators.h with its numerator, denominator and the items behind
// them, and the median time to acknowledge a critical value. Reads a
// consistent snapshot. Thread-safe.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/report.pb.h"
#include "services/store/store.h"

namespace casehub::engine {

// The module these indicators belong to, as collaboration agreements name it.
inline constexpr absl::string_view kMyeloModule = "myelosuppression";

// INVALID_ARGUMENT naming the field for a malformed date or from > to.
absl::StatusOr<v1::MyeloReport> BuildMyeloReport(const store::Store& store,
                                                 const v1::MyeloReportRequest& request);

}  // namespace casehub::engine
