#include "services/hub/hub.h"

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/health_check_service_interface.h"
#include "services/api/call_guard.h"
#include "services/api/executor.h"
#include "services/auth/authenticator.h"
#include "services/auth/national_id_hasher.h"
#include "services/auth/principal_directory.h"
#include "services/auth/token_signer.h"
#include "services/api/services.h"
#include "services/common/log.h"
#include "services/hub/config.h"
#include "casehub/status_macros.h"
#include "services/engine/plugin_host.h"
#include "services/engine/queries.h"
#include "services/engine/site_directory.h"
#include "services/engine/verify.h"
#include "services/hub/migrate.h"
#include "services/hub/tls.h"

namespace casehub::hub {
namespace {

// An agreement may only name tumor types some installed plugin manages.
absl::Status CheckAgreementScope(const v1::CollaborationAgreement& agreement,
                                 const engine::PluginHost& plugins) {
  for (const std::string& tumor_type : agreement.tumor_types()) {
    bool known = false;
    for (const auto& plugin : plugins.plugins()) {
      known = known || plugin->descriptor().tumor_type() == tumor_type;
    }
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat("agreement '", agreement.id(),
                                                     "': no installed plugin manages tumor type '",
                                                     tumor_type, "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

// Declared in the order they are built; destroyed in reverse.
struct Hub::Parts {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<engine::SiteDirectory> sites;
  std::unique_ptr<engine::PluginHost> plugins;
  std::unique_ptr<engine::AlertFeed> alert_feed;
  std::unique_ptr<engine::AuditLog> audit_log;
  std::unique_ptr<auth::TokenSigner> token_signer;
  std::unique_ptr<auth::PrincipalDirectory> principals;
  std::unique_ptr<auth::Authenticator> authenticator;
  std::unique_ptr<auth::NationalIdHasher> national_ids;
  std::unique_ptr<engine::Engine> engine;
  std::unique_ptr<engine::Queries> queries;
  std::unique_ptr<engine::Scheduler> scheduler;
  std::unique_ptr<api::Executor> executor;
  std::unique_ptr<api::InlineReads> inline_reads;
  std::vector<std::unique_ptr<grpc::Service>> services;
  std::unique_ptr<grpc::Server> server;
  bool shut_down = false;
};

Hub::Hub(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

Hub::~Hub() { Shutdown(); }

engine::Engine& Hub::engine() { return *parts_->engine; }
engine::Scheduler& Hub::scheduler() { return *parts_->scheduler; }
engine::SiteDirectory& Hub::sites() { return *parts_->sites; }
auth::PrincipalDirectory& Hub::principals() { return *parts_->principals; }
auth::Authenticator& Hub::authenticator() { return *parts_->authenticator; }
api::Executor& Hub::executor() { return *parts_->executor; }

absl::StatusOr<std::unique_ptr<Hub>> Hub::Start(const v1::HubConfig& config,
                                                const Clock* clock, bool run_scheduler) {
  RETURN_IF_ERROR(CheckLimits(config));
  auto parts = std::make_unique<Parts>();
  ASSIGN_OR_RETURN(
      parts->store,
      store::Store::Open({.path = config.data_dir(),
                          .min_free_bytes = config.min_free_disk_bytes(),
                          .memtable_budget_bytes = uint64_t{config.memtable_mib()} << 20,
                          .block_cache_bytes = uint64_t{config.block_cache_mib()} << 20}));
  // Only disk is at stake: the hub starts anyway.
  absl::Status scratch_removed = engine::RemoveVerifyScratch(config.data_dir());
  if (!scratch_removed.ok()) LogWarning("%s", scratch_removed.ToString());
  ASSIGN_OR_RETURN(parts->sites, engine::SiteDirectory::Load(parts->store.get()));
  for (const v1::Site& site : config.sites()) {
    RETURN_IF_ERROR(parts->sites->Upsert(site));
  }
  ASSIGN_OR_RETURN(parts->plugins,
                   engine::PluginHost::Load(config.plugin_dir(),
                                            {config.plugins().begin(), config.plugins().end()}));
  for (const auto& plugin : parts->plugins->plugins()) {
    LogInfo("plugin %s %s loaded from %s", plugin->id(), plugin->descriptor().version(),
            plugin->descriptor().loaded_from());
  }
  for (const v1::CollaborationAgreement& agreement : config.agreements()) {
    RETURN_IF_ERROR(CheckAgreementScope(agreement, *parts->plugins));
    RETURN_IF_ERROR(parts->sites->UpsertAgreement(agreement));
  }
  RETURN_IF_ERROR(MigrateToCurrentSchema(*parts->store, *parts->plugins));
  ASSIGN_OR_RETURN(parts->token_signer,
                   auth::TokenSigner::FromKeyFile(config.token_key_file(), /*create=*/true));
  ASSIGN_OR_RETURN(parts->principals,
                   auth::PrincipalDirectory::Load(parts->store.get(), parts->sites.get(), clock,
                                                  config.password_hash_iterations()));
  parts->authenticator = std::make_unique<auth::Authenticator>(
      parts->token_signer.get(), parts->principals.get(), clock,
      absl::Minutes(config.token_ttl_minutes()));
  ASSIGN_OR_RETURN(parts->national_ids, auth::NationalIdHasher::Load(*parts->store));
  ASSIGN_OR_RETURN(parts->alert_feed, engine::AlertFeed::Open(parts->store.get()));
  ASSIGN_OR_RETURN(parts->audit_log, engine::AuditLog::Open(parts->store.get(), clock));
  parts->engine = std::make_unique<engine::Engine>(
      parts->store.get(), parts->plugins.get(), parts->sites.get(), parts->alert_feed.get(),
      clock, absl::Minutes(config.emergency_access_minutes()));
  parts->queries = std::make_unique<engine::Queries>(parts->store.get());
  parts->scheduler = std::make_unique<engine::Scheduler>(parts->store.get(), parts->engine.get());
  parts->executor = std::make_unique<api::Executor>(static_cast<int>(config.worker_threads()),
                                                    config.max_queued_requests());
  parts->inline_reads =
      std::make_unique<api::InlineReads>(static_cast<int>(config.inline_read_slots()));
  parts->services = api::MakeServices({
      .engine = parts->engine.get(),
      .queries = parts->queries.get(),
      .sites = parts->sites.get(),
      .plugins = parts->plugins.get(),
      .store = parts->store.get(),
      .alert_feed = parts->alert_feed.get(),
      .audit_log = parts->audit_log.get(),
      .executor = parts->executor.get(),
      .inline_reads = parts->inline_reads.get(),
      .auth = parts->authenticator.get(),
      .principals = parts->principals.get(),
      .national_ids = parts->national_ids.get(),
      .max_alert_watchers = config.max_alert_watchers(),
      .max_pending_alert_updates = config.max_pending_alert_updates(),
      .emergency_access = absl::Minutes(config.emergency_access_minutes()),
      .max_reply_bytes = config.max_message_bytes(),
  });
  ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                   ServerCredentialsFor(config.tls()));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(config.listen(), credentials, &port);
  builder.SetMaxReceiveMessageSize(static_cast<int>(config.max_message_bytes()));
  builder.SetMaxSendMessageSize(static_cast<int>(config.max_message_bytes()));
  for (const auto& service : parts->services) builder.RegisterService(service.get());
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  interceptors.push_back(api::MakeCallGuardFactory(parts->audit_log.get()));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  parts->server = builder.BuildAndStart();
  if (parts->server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", config.listen(),
                                               " (address in use or not local?)"));
  }
  if (run_scheduler) {
    parts->scheduler->Start(absl::Milliseconds(config.scheduler_interval_ms()));
  }
  auto hub = std::unique_ptr<Hub>(new Hub(std::move(parts)));
  hub->port_ = port;
  return hub;
}

void Hub::Shutdown(absl::Duration grace) {
  if (parts_ == nullptr || parts_->shut_down) return;
  parts_->shut_down = true;
  parts_->server->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  parts_->scheduler->Stop();
  // Joining the executor lets queued work finish before the store closes.
  parts_->executor.reset();
  // Every call has been answered: their spooled audit records go into the
  // store before the flush, so a restart replays no WAL for them.
  absl::Status drained = parts_->audit_log->Drain();
  if (!drained.ok()) LogWarning("audit records left in the spool at shutdown: %s", drained.ToString());
  absl::Status flushed = parts_->store->Flush();
  if (!flushed.ok()) LogWarning("flush at shutdown failed: %s", flushed.ToString());
  parts_->server.reset();
  parts_->services.clear();
  parts_->scheduler.reset();
  parts_->queries.reset();
  parts_->engine.reset();
  parts_->audit_log.reset();
  parts_->national_ids.reset();
  parts_->authenticator.reset();
  parts_->principals.reset();
  parts_->token_signer.reset();
  parts_->alert_feed.reset();
  parts_->plugins.reset();
  parts_->sites.reset();
  parts_->store.reset();
}

}  // namespace casehub::hub
