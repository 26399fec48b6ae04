// The master patient index as the API serves it: the same person found
// across the network's sites by national id, or by birth date with a name or
// a phone, each match saying how strong it is and — where the caller's site
// does not reach the record — showing only enough to ask for a referral or a
// link (a masked name, the birth year, the site).
#pragma once

#include "absl/status/statusor.h"
#include "casehub/v1/patient_service.pb.h"
#include "services/api/call.h"
#include "services/api/service_context.h"

namespace casehub::api {

absl::StatusOr<v1::FindPatientsResponse> FindPatients(const ServiceContext& context,
                                                      const Caller& caller,
                                                      const v1::FindPatientsRequest& request);

// "李秀英" -> "李*英", "王芳" -> "王*": the first and last character
// (UTF-8 aware), the rest masked.
std::string MaskName(absl::string_view name);

}  // namespace casehub::api
