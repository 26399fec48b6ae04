#include "tools/bench/handoff_baseline.h"

#include <memory>
#include <thread>

#include "absl/synchronization/mutex.h"

namespace casehub::bench {
namespace {

class HandoffCaller : public Caller {
 public:
  HandoffCaller() : partner_([this] { HandTurnsBack(); }) {}

  ~HandoffCaller() override {
    {
      absl::MutexLock lock(&mu_);
      stopping_ = true;
    }
    turn_changed_.Signal();
    partner_.join();
  }

  int ChooseOperation() override { return 0; }

  absl::Status Perform(int) override {
    absl::MutexLock lock(&mu_);
    partners_turn_ = true;
    turn_changed_.Signal();
    while (partners_turn_) turn_changed_.Wait(&mu_);
    return absl::OkStatus();
  }

 private:
  void HandTurnsBack() {
    absl::MutexLock lock(&mu_);
    while (true) {
      while (!partners_turn_ && !stopping_) turn_changed_.Wait(&mu_);
      if (stopping_) return;
      partners_turn_ = false;
      turn_changed_.Signal();
    }
  }

  absl::Mutex mu_;
  // One waiter at a time: the caller waits only while the partner holds the
  // turn, and the partner only while the caller does.
  absl::CondVar turn_changed_;
  bool partners_turn_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // Last, so it starts once the members it uses are built.
  std::thread partner_;
};

}  // namespace

Phase HandoffPhase() {
  return Phase{
      .name = "handoff",
      .operation_names = {"handoff"},
      .make_caller = [](int) -> absl::StatusOr<std::unique_ptr<Caller>> {
        return std::make_unique<HandoffCaller>();
      },
  };
}

}  // namespace casehub::bench
