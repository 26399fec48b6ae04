#include "tools/bench/lab_result_request.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"

namespace casehub::bench {

std::string NewRequestId(absl::BitGen& random) {
  return absl::StrFormat("bench-%016x%016x", absl::Uniform<uint64_t>(random),
                         absl::Uniform<uint64_t>(random));
}

v1::LabResult AncResult(double value, absl::Time observed_at) {
  v1::LabResult result;
  result.mutable_code()->set_system("http://loinc.org");
  result.mutable_code()->set_code("751-8");
  result.mutable_code()->set_display("Neutrophils [#/volume] in Blood");
  result.set_value(value);
  result.set_unit("10*9/L");
  result.mutable_observed_at()->set_seconds(absl::ToUnixSeconds(observed_at));
  return result;
}

v1::RecordLabResultRequest NewAncResult(const std::string& patient_id, absl::BitGen& random) {
  v1::RecordLabResultRequest request;
  request.mutable_meta()->set_request_id(NewRequestId(random));
  request.set_patient_id(patient_id);
  // About one value in five lies below 1.0: a critical value. Observed a
  // minute ago: a result may not be observed in the future.
  *request.mutable_result() =
      AncResult(absl::Uniform(random, 0.3, 4.0), absl::Now() - absl::Minutes(1));
  request.mutable_result()->set_accession(
      absl::StrFormat("LIS-%010d", absl::Uniform<uint32_t>(random)));
  return request;
}

v1::RecordLabResultRequest NewCriticalAncResult(const std::string& patient_id,
                                                absl::BitGen& random) {
  v1::RecordLabResultRequest request = NewAncResult(patient_id, random);
  request.mutable_result()->set_value(kCriticalAnc);
  return request;
}

std::string TypicalAncRequestBytes() {
  absl::BitGen random;
  // A patient id has the server's shape: "p" + 12 base32 characters.
  return NewAncResult("p0123456789ab", random).SerializeAsString();
}

}  // namespace casehub::bench
