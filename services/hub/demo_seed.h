// The demo network's patients: a few registrations, cases, a chemotherapy
// cycle and lab results, issued through the engine like any client would. Request ids are fixed,
// so seeding an already seeded data directory changes nothing.
#pragma once

#include "absl/status/status.h"
#include "services/engine/engine.h"

namespace casehub::hub {

// Seeds the demo patients; the sites must already exist (deploy/casehub.demo.textproto).
absl::Status SeedDemoPatients(engine::Engine& engine);

}  // namespace casehub::hub
