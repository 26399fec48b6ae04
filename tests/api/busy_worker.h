// BusyWorker: holds one of the executor's workers until released (at the
// latest when it goes out of scope, so a failed assertion cannot hang the
// hub's shutdown). With a one-worker hub, whatever would run on a worker
// waits; whatever answers meanwhile ran elsewhere.
#pragma once

#include <memory>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "services/api/executor.h"

namespace casehub::hub {

class BusyWorker {
 public:
  explicit BusyWorker(api::Executor& executor) : signals_(std::make_shared<Signals>()) {
    // The worker holds its own reference: it may still be leaving
    // WaitForNotification when this object is gone.
    EXPECT_TRUE(executor.TrySubmit([signals = signals_] {
      signals->started.Notify();
      signals->release.WaitForNotification();
    }));
    signals_->started.WaitForNotification();
  }
  ~BusyWorker() { Release(); }
  void Release() {
    if (!signals_->release.HasBeenNotified()) signals_->release.Notify();
  }

 private:
  struct Signals {
    absl::Notification started, release;
  };
  std::shared_ptr<Signals> signals_;
};

}  // namespace casehub::hub
