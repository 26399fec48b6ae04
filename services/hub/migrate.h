// Bringing a data directory written by an older casehub up to the current
// schema (store/schema.h) before the hub serves from it. Every step derives
// from what is stored (the event log, the audit trail), so a migration that
// is interrupted simply runs again at the next start.
#pragma once

#include "absl/status/status.h"
#include "services/engine/plugin_host.h"
#include "services/store/store.h"

namespace casehub::hub {

// A no-op for a current directory. From schema 1: rebuilds state, index
// entries and counters from the log (sites now list the patients and cases
// they answer for) and files the audit trail under its sites' orders. From
// schema 2: counts the values of median indicators from the index.
absl::Status MigrateToCurrentSchema(store::Store& store, const engine::PluginHost& plugins);

}  // namespace casehub::hub
