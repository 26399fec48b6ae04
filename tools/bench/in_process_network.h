// The parts of a hub that write, opened in process for casehub-populate: the
// store, the config's sites and plugins, and the alert feed; no server and no
// scheduler. Writes are not synced (StoreOptions::sync_writes): a population
// that crashes is run again, and a flush at the end makes it durable.
#pragma once

#include <memory>

#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"
#include "services/common/clock.h"
#include "services/engine/alert_feed.h"
#include "services/engine/engine.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"
#include "services/store/store.h"

namespace casehub::bench {

class InProcessNetwork {
 public:
  // Opens config.data_dir() and stores the config's sites, as Hub::Start does.
  static absl::StatusOr<std::unique_ptr<InProcessNetwork>> Open(const v1::HubConfig& config);

  // An engine on this network that reads `clock`, which must outlive it.
  // Each population thread has its own, so each patient's history runs on
  // its own time; threads never share a patient, so the engines' separate
  // patient locks never need to exclude each other.
  std::unique_ptr<engine::Engine> NewEngine(const Clock* clock) const;

  store::Store& store() { return *store_; }
  const store::Store& store() const { return *store_; }

 private:
  InProcessNetwork() = default;

  std::unique_ptr<store::Store> store_;
  std::unique_ptr<engine::SiteDirectory> sites_;
  std::unique_ptr<engine::PluginHost> plugins_;
  std::unique_ptr<engine::AlertFeed> alert_feed_;
};

}  // namespace casehub::bench
