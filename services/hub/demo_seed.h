// The demo network's patients: a few registrations, cases, a chemotherapy
// cycle and lab results, issued through the engine like any client would. Request ids are fixed,
// so seeding an already seeded data directory changes nothing.
#pragma once

#include "absl/status/status.h"
#include "services/auth/principal_directory.h"
#include "services/engine/engine.h"

namespace casehub::hub {

// Seeds the demo patients; the sites must already exist (deploy/casehub.demo.textproto).
absl::Status SeedDemoPatients(engine::Engine& engine);

// The password of every demo principal. A demo network only: real
// principals get their own passwords from their administrators.
inline constexpr char kDemoPassword[] = "casehub-demo";

// Creates the demo network's people (one per role, and a few at the
// counties), each with kDemoPassword; existing ones are left as they are.
absl::Status SeedDemoPrincipals(auth::PrincipalDirectory& principals);

}  // namespace casehub::hub
