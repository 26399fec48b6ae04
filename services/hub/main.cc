// casehub: the case-management hub server.
//
//   casehub --config deploy/casehub.demo.textproto [--data-dir DIR]
//           [--listen HOST:PORT] [--plugin-dir DIR] [--seed-demo]
//           [--port-file FILE]
//   casehub --data-dir DIR --verify     check state and indexes against the log
//   casehub --data-dir DIR --rebuild    rewrite state and indexes from the log
//   casehub --restore-from BACKUP --data-dir NEW
//                                       copy a backup into NEW, then verify it
//   casehub --config C --add-principal ID --site S --roles R[,R...]
//                                       create a principal (the first network
//                                       administrator); its password is read
//                                       from standard input
//
// Logs to stderr. SIGINT or SIGTERM shuts down cleanly.
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "services/common/clock.h"
#include "services/common/log.h"
#include "services/common/secret_input.h"
#include "services/engine/verify.h"
#include "services/hub/add_principal.h"
#include "services/hub/config.h"
#include "services/hub/demo_seed.h"
#include "services/hub/hub.h"
#include "services/store/restore.h"

ABSL_FLAG(std::string, config, "", "HubConfig text file (see deploy/casehub.textproto)");
ABSL_FLAG(std::string, data_dir, "", "data directory; overrides the config");
ABSL_FLAG(std::string, listen, "", "host:port to listen on (port 0: any free port); overrides the config");
ABSL_FLAG(std::string, plugin_dir, "", "directory of plugin files; overrides the config");
ABSL_FLAG(std::string, port_file, "", "after start-up, write the bound port to this file");
ABSL_FLAG(bool, seed_demo, false, "register the demo patients (idempotent)");
ABSL_FLAG(bool, verify, false, "verify the data directory against its event log, then exit");
ABSL_FLAG(bool, rebuild, false, "rebuild state and indexes from the event log, then exit");
ABSL_FLAG(std::string, add_principal, "",
          "create this principal in --data-dir (the hub must be stopped), then exit; the "
          "password is the first line of standard input");
ABSL_FLAG(std::string, site, "", "with --add-principal: the site it acts for");
ABSL_FLAG(std::string, roles, "", "with --add-principal: roles, e.g. network_admin,case_manager");
ABSL_FLAG(std::string, display_name, "", "with --add-principal: the name people read");
ABSL_FLAG(std::string, certificate_subject, "",
          "with --add-principal: the CN of the TLS client certificate that authenticates it");
ABSL_FLAG(std::string, restore_from, "",
          "copy this backup (AdminService.Backup) into --data-dir, which must be new, verify it, then exit");

namespace casehub::hub {
namespace {

std::string BinaryDir() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "." : self.parent_path().string();
}

absl::StatusOr<v1::HubConfig> ResolveConfig() {
  v1::HubConfig config;
  if (!absl::GetFlag(FLAGS_config).empty()) {
    absl::StatusOr<v1::HubConfig> loaded = LoadConfig(absl::GetFlag(FLAGS_config));
    if (!loaded.ok()) return loaded.status();
    config = *std::move(loaded);
  }
  if (!absl::GetFlag(FLAGS_data_dir).empty()) config.set_data_dir(absl::GetFlag(FLAGS_data_dir));
  if (!absl::GetFlag(FLAGS_listen).empty()) config.set_listen(absl::GetFlag(FLAGS_listen));
  if (!absl::GetFlag(FLAGS_plugin_dir).empty()) config.set_plugin_dir(absl::GetFlag(FLAGS_plugin_dir));
  ApplyDefaults(BinaryDir(), config);
  return config;
}

int RunOffline(const v1::HubConfig& config) {
  absl::StatusOr<std::unique_ptr<store::Store>> store = store::Store::Open({.path = config.data_dir()});
  if (!store.ok()) {
    LogError("%s", store.status().ToString());
    return 1;
  }
  absl::Status intact = (*store)->VerifyChecksums();
  if (!intact.ok()) {
    LogError("verify failed: %s", intact.ToString());
    return 1;
  }
  // Indicator index entries come from the plugins, so verify needs them loaded.
  absl::StatusOr<std::unique_ptr<engine::PluginHost>> plugins = engine::PluginHost::Load(
      config.plugin_dir(), {config.plugins().begin(), config.plugins().end()});
  if (!plugins.ok()) {
    LogError("%s", plugins.status().ToString());
    return 1;
  }
  if (absl::GetFlag(FLAGS_rebuild)) {
    absl::Status rebuilt = engine::Rebuild(**store, **plugins);
    if (!rebuilt.ok()) {
      LogError("rebuild failed: %s", rebuilt.ToString());
      return 1;
    }
    LogInfo("rebuilt state and indexes of %s from the event log", config.data_dir());
  }
  absl::StatusOr<v1::VerifyResponse> verified = engine::Verify(**store, **plugins);
  if (!verified.ok()) {
    LogError("verify failed: %s", verified.status().ToString());
    return 1;
  }
  std::cout << "patients " << verified->patients_checked() << ", events "
            << verified->events_checked() << ", index entries "
            << verified->index_entries_checked() << ", problems "
            << verified->problems_size() << "\n";
  for (const std::string& problem : verified->problems()) std::cout << "  " << problem << "\n";
  return verified->problems().empty() ? 0 : 1;
}

int Serve(const v1::HubConfig& config) {
  // Block the shutdown signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  SystemClock clock;
  absl::StatusOr<std::unique_ptr<Hub>> hub = Hub::Start(config, &clock);
  if (!hub.ok()) {
    LogError("casehub cannot start: %s", hub.status().ToString());
    return 1;
  }
  if (absl::GetFlag(FLAGS_seed_demo)) {
    absl::Status seeded = SeedDemoPrincipals((*hub)->principals());
    if (seeded.ok()) seeded = SeedDemoPatients((*hub)->engine());
    if (!seeded.ok()) {
      LogError("demo seed failed: %s", seeded.ToString());
      return 1;
    }
    LogInfo("demo network seeded: log in with 'casectl login --user demo' (password %s; "
            "docs/security.md lists the other demo principals)",
            kDemoPassword);
  }
  LogInfo("casehub listening on port %d (data %s)", (*hub)->port(), config.data_dir());
  if (!absl::GetFlag(FLAGS_port_file).empty()) {
    std::ofstream(absl::GetFlag(FLAGS_port_file)) << (*hub)->port() << "\n";
  }
  int signal = 0;
  sigwait(&signals, &signal);
  LogInfo("signal %d: shutting down", signal);
  (*hub)->Shutdown();
  LogInfo("stopped cleanly");
  return 0;
}

int AddPrincipalFromFlags(const v1::HubConfig& config) {
  NewPrincipal principal{.id = absl::GetFlag(FLAGS_add_principal),
                         .display_name = absl::GetFlag(FLAGS_display_name),
                         .site_id = absl::GetFlag(FLAGS_site),
                         .roles = absl::GetFlag(FLAGS_roles),
                         .certificate_subject = absl::GetFlag(FLAGS_certificate_subject),
                         .password = ReadSecretLine(
                             absl::StrCat("password for ", absl::GetFlag(FLAGS_add_principal), ": "))};
  absl::StatusOr<v1::Principal> created = AddPrincipal(config, principal);
  if (!created.ok()) {
    LogError("cannot add principal: %s", created.status().ToString());
    return 1;
  }
  LogInfo("principal %s created for site %s", created->id(), created->site_id());
  return 0;
}

// Accepts --data-dir as well as absl's --data_dir spelling.
std::vector<char*> DashedFlagsToUnderscores(int argc, char** argv, std::vector<std::string>& storage) {
  storage.assign(argv, argv + argc);
  for (std::string& arg : storage) {
    if (arg.rfind("--", 0) != 0) continue;
    size_t name_end = std::min(arg.find('='), arg.size());
    std::replace(arg.begin() + 2, arg.begin() + static_cast<std::ptrdiff_t>(name_end), '-', '_');
  }
  std::vector<char*> pointers;
  for (std::string& arg : storage) pointers.push_back(arg.data());
  return pointers;
}

}  // namespace
}  // namespace casehub::hub

int main(int argc, char** argv) {
  // Debian's abseil is built without NDEBUG, so every Mutex would record the
  // order locks are taken in a global graph to catch deadlocks: 9 % of the
  // hub's CPU for a batch of 100 results, which locks each patient. The
  // tests keep the check.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(
      "the casehub server. Typical: casehub --config deploy/casehub.demo.textproto");
  std::vector<std::string> storage;
  std::vector<char*> args = casehub::hub::DashedFlagsToUnderscores(argc, argv, storage);
  absl::ParseCommandLine(static_cast<int>(args.size()), args.data());
  absl::StatusOr<casehub::v1::HubConfig> config = casehub::hub::ResolveConfig();
  if (!config.ok()) {
    casehub::LogError("%s", config.status().ToString());
    return 2;
  }
  if (!absl::GetFlag(FLAGS_restore_from).empty()) {
    // The default data directory might be a live one: make the target explicit.
    if (absl::GetFlag(FLAGS_data_dir).empty()) {
      casehub::LogError("--restore-from needs --data-dir: the new directory to restore into");
      return 2;
    }
    absl::Status restored =
        casehub::store::RestoreCheckpoint(absl::GetFlag(FLAGS_restore_from), config->data_dir());
    if (!restored.ok()) {
      casehub::LogError("restore failed: %s", restored.ToString());
      return 1;
    }
    casehub::LogInfo("restored %s into %s", absl::GetFlag(FLAGS_restore_from), config->data_dir());
    return casehub::hub::RunOffline(*config);
  }
  if (!absl::GetFlag(FLAGS_add_principal).empty()) {
    return casehub::hub::AddPrincipalFromFlags(*config);
  }
  if (absl::GetFlag(FLAGS_verify) || absl::GetFlag(FLAGS_rebuild)) {
    return casehub::hub::RunOffline(*config);
  }
  return casehub::hub::Serve(*config);
}
