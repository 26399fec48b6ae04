// Where the clients reach the hub. Each start of casehub listens on a new
// port, so the controller publishes a channel per start; while the hub is
// down (killed, restarting, being checked) clients wait here instead of
// spinning on a dead port.
#pragma once

#include <memory>

#include "absl/synchronization/mutex.h"
#include "grpcpp/channel.h"

namespace casehub::crashloop {

class HubLink {
 public:
  // The hub now answers on `channel`.
  void Up(std::shared_ptr<grpc::Channel> channel);
  // The hub is about to go away; callers wait in Await until the next Up.
  void Down();
  // No hub will come back (the harness gives up): Await returns nullptr.
  void Close();

  // The current channel, waiting while the hub is down; nullptr once closed.
  std::shared_ptr<grpc::Channel> Await();

 private:
  absl::Mutex mu_;
  std::shared_ptr<grpc::Channel> channel_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace casehub::crashloop
