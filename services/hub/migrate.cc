#include "services/hub/migrate.h"

#include "casehub/status_macros.h"
#include "services/common/log.h"
#include "services/engine/audit_log.h"
#include "services/engine/verify.h"

namespace casehub::hub {

absl::Status MigrateToCurrentSchema(store::Store& store, const engine::PluginHost& plugins) {
  const uint64_t found = store.found_schema_version();
  if (found == store::kSchemaVersion) return absl::OkStatus();
  LogInfo("migrating %s from schema version %d to %d", store.path(), found,
          store::kSchemaVersion);
  RETURN_IF_ERROR(engine::Rebuild(store, plugins));
  RETURN_IF_ERROR(engine::AuditLog::AddSiteOrders(store));
  return store.MarkSchemaCurrent();
}

}  // namespace casehub::hub
