// What the gRPC services borrow from the hub; everything must outlive them.
#pragma once

#include <cstddef>

#include "absl/time/time.h"
#include "services/api/executor.h"
#include "services/api/inline_reads.h"
#include "services/auth/authenticator.h"
#include "services/auth/national_id_hasher.h"
#include "services/auth/principal_directory.h"
#include "services/engine/alert_feed.h"
#include "services/engine/audit_log.h"
#include "services/engine/engine.h"
#include "services/engine/plugin_host.h"
#include "services/engine/queries.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::api {

struct ServiceContext {
  engine::Engine* engine;
  const engine::Queries* queries;
  const engine::SiteDirectory* sites;
  const engine::PluginHost* plugins;
  const store::Store* store;
  engine::AlertFeed* alert_feed;
  engine::AuditLog* audit_log;
  Executor* executor;
  InlineReads* inline_reads;
  auth::Authenticator* auth;
  auth::PrincipalDirectory* principals;
  const auth::NationalIdHasher* national_ids;
  // WatchAlerts bounds: open streams, and updates waiting in one stream.
  size_t max_alert_watchers;
  size_t max_pending_alert_updates;
  // How long emergency access lasts.
  absl::Duration emergency_access;
  // The largest reply the transport sends (HubConfig.max_message_bytes).
  size_t max_reply_bytes;
};

}  // namespace casehub::api
