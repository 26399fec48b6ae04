// The bench's ingest request: an absolute neutrophil count (LOINC 751-8),
// sometimes below the default critical threshold of 1.0 x10^9/L so that the
// write also raises a critical-value alert, as real wards do.
#pragma once

#include <string>

#include "absl/random/random.h"
#include "absl/time/time.h"
#include "casehub/v1/clinical.pb.h"

namespace casehub::bench {

// A fresh request id, unique per intended write.
std::string NewRequestId(absl::BitGen& random);

// An absolute neutrophil count of `value` x10^9/L drawn at `observed_at`.
v1::LabResult AncResult(double value, absl::Time observed_at);

v1::RecordLabResultRequest NewAncResult(const std::string& patient_id, absl::BitGen& random);

// A value under the default critical limit of 1.0 x10^9/L, which raises an
// alert on a patient with a case the myelosuppression module follows.
inline constexpr double kCriticalAnc = 0.5;

// NewAncResult of kCriticalAnc.
v1::RecordLabResultRequest NewCriticalAncResult(const std::string& patient_id,
                                                absl::BitGen& random);

// The bytes of a typical ANC request: what the baselines send and write, so
// they move as much data per call as casehub's ingest.
std::string TypicalAncRequestBytes();

}  // namespace casehub::bench
