#include "tools/crashloop/hub_link.h"

namespace casehub::crashloop {

void HubLink::Up(std::shared_ptr<grpc::Channel> channel) {
  absl::MutexLock lock(&mu_);
  channel_ = std::move(channel);
}

void HubLink::Down() {
  absl::MutexLock lock(&mu_);
  channel_ = nullptr;
}

void HubLink::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
}

std::shared_ptr<grpc::Channel> HubLink::Await() {
  absl::MutexLock lock(&mu_);
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return closed_ || channel_ != nullptr; };
  mu_.Await(absl::Condition(&ready));
  return closed_ ? nullptr : channel_;
}

}  // namespace casehub::crashloop
