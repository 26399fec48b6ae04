// Which roles may call which method: the role half of authorization (the
// other half, which patients and sites a caller reaches, is
// engine/patient_access.h and the site checks in call.h). One table for the
// whole API, so it can be reviewed in one place; docs/security.md prints it.
#pragma once

#include <vector>

#include "absl/strings/string_view.h"
#include "casehub/v1/common.pb.h"

namespace casehub::api {

struct MethodPolicy {
  // The full gRPC method, "/casehub.v1.PatientService/GetPatient".
  absl::string_view method;
  // Roles allowed to call it; empty means any authenticated principal.
  std::vector<v1::Role> roles;
};

// Every casehub method but AuthService.Login (which needs no credentials).
const std::vector<MethodPolicy>& MethodPolicies();

// The policy of `method`; nullptr when the table has none (a method without
// a policy is refused).
const MethodPolicy* FindMethodPolicy(absl::string_view method);

}  // namespace casehub::api
