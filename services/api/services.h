// The gRPC services of casehub, one per resource. Each is thin: it reads the
// caller, turns the request into an engine command or query on the
// executor, and maps the result to a gRPC status.
#pragma once

#include <memory>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "grpcpp/impl/codegen/service_type.h"
#include "services/api/executor.h"
#include "services/engine/alert_feed.h"
#include "services/engine/audit_log.h"
#include "services/engine/engine.h"
#include "services/engine/plugin_host.h"
#include "services/engine/queries.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::api {

// What the services borrow; everything must outlive them.
struct ServiceContext {
  engine::Engine* engine;
  const engine::Queries* queries;
  const engine::SiteDirectory* sites;
  const engine::PluginHost* plugins;
  const store::Store* store;
  engine::AlertFeed* alert_feed;
  const engine::AuditLog* audit_log;
  Executor* executor;
  // WatchAlerts bounds: open streams, and updates waiting in one stream.
  size_t max_alert_watchers;
  size_t max_pending_alert_updates;
};

std::vector<std::unique_ptr<grpc::Service>> MakeServices(const ServiceContext& context);

// One factory per service (each in its own file).
std::unique_ptr<grpc::Service> MakeSiteService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakePatientService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeCaseService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeClinicalService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeTaskService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakePluginService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAdminService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAlertService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeChemoService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeReportService(const ServiceContext& context);
std::unique_ptr<grpc::Service> MakeAuditService(const ServiceContext& context);

}  // namespace casehub::api
