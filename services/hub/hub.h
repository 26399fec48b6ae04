// Hub: the composition root. Opens the store, loads sites and plugins, wires
// the engine, the scheduler and the gRPC server, and shuts them down in the
// reverse order. Used by main and, in process, by the integration tests.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"
#include "services/api/executor.h"
#include "services/auth/authenticator.h"
#include "services/auth/principal_directory.h"
#include "services/common/clock.h"
#include "services/engine/engine.h"
#include "services/engine/scheduler.h"
#include "services/store/store.h"

namespace casehub::hub {

class Hub {
 public:
  // Starts everything described by `config` (defaults already applied).
  // `clock` must outlive the hub. The scheduler runs in the background
  // unless `run_scheduler` is false (tests drive it by hand).
  static absl::StatusOr<std::unique_ptr<Hub>> Start(const v1::HubConfig& config,
                                                    const Clock* clock,
                                                    bool run_scheduler = true);
  // Shuts down if Shutdown was not called.
  ~Hub();

  // The port actually bound (useful with port 0).
  int port() const { return port_; }
  engine::Engine& engine();
  engine::Scheduler& scheduler();
  engine::SiteDirectory& sites();
  // People and their tokens: tests create principals and log them in here.
  auth::PrincipalDirectory& principals();
  auth::Authenticator& authenticator();
  // The request executor: tests occupy its workers to fill its queue.
  api::Executor& executor();

  // Stops accepting calls, lets calls in flight finish (up to `grace`),
  // stops the scheduler and closes the store. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(5));

 private:
  struct Parts;
  explicit Hub(std::unique_ptr<Parts> parts);

  std::unique_ptr<Parts> parts_;
  int port_ = 0;
};

}  // namespace casehub::hub
