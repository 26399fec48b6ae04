#include "tools/bench/in_process_network.h"

#include "casehub/status_macros.h"

namespace casehub::bench {

absl::StatusOr<std::unique_ptr<InProcessNetwork>> InProcessNetwork::Open(
    const v1::HubConfig& config) {
  auto network = std::unique_ptr<InProcessNetwork>(new InProcessNetwork());
  ASSIGN_OR_RETURN(network->store_,
                   store::Store::Open({.path = config.data_dir(), .sync_writes = false}));
  ASSIGN_OR_RETURN(network->sites_, engine::SiteDirectory::Load(network->store_.get()));
  for (const v1::Site& site : config.sites()) {
    RETURN_IF_ERROR(network->sites_->Upsert(site));
  }
  ASSIGN_OR_RETURN(network->plugins_,
                   engine::PluginHost::Load(config.plugin_dir(),
                                            {config.plugins().begin(), config.plugins().end()}));
  ASSIGN_OR_RETURN(network->alert_feed_, engine::AlertFeed::Open(network->store_.get()));
  return network;
}

std::unique_ptr<engine::Engine> InProcessNetwork::NewEngine(const Clock* clock) const {
  return std::make_unique<engine::Engine>(store_.get(), plugins_.get(), sites_.get(),
                                          alert_feed_.get(), clock);
}

}  // namespace casehub::bench
