// The critical-value path measured from outside the hub: while other callers
// load it, a probe records a critical ANC (0.5 x10^9/L) for a patient of its
// own at a steady pace and times the alert's arrival on a WatchAlerts stream
// of its site, opened before the first probe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/sync_stream.h"
#include "tools/bench/hub_calls.h"
#include "tools/bench/load_loop.h"

namespace casehub::bench {

class AlertProbe {
 public:
  // Registers the probe's patient, opens the stream and checks that an alert
  // comes through it before the clock starts; then probes every `interval`.
  static absl::StatusOr<std::unique_ptr<AlertProbe>> Start(const CasehubTarget& target,
                                                          absl::Duration interval);
  ~AlertProbe();

  // Stops probing and closes the stream. The phase "alert" has three
  // operations: critical_ingest (the write, sent to acknowledged),
  // alert_after_ack (acknowledged to the alert's receipt; 0 when the alert
  // arrived first) and alert_after_send (sent to receipt).
  PhaseResult Finish();

 private:
  AlertProbe(const CasehubTarget& target, absl::Duration interval);

  // Sends one critical value; returns the seq of its event.
  absl::StatusOr<uint64_t> RecordCriticalValue();
  // When the alert raised by event `seq` arrived, if it did within `timeout`.
  std::optional<absl::Time> AwaitReceipt(uint64_t seq, absl::Duration timeout);
  void ReadStream();
  void ProbeUntilStopped();
  void StopThreads();

  const CasehubTarget& target_;
  const absl::Duration interval_;
  absl::BitGen random_;
  v1::ClinicalService::Stub clinical_;
  std::string patient_id_;

  grpc::ClientContext stream_context_;
  std::unique_ptr<grpc::ClientReader<v1::AlertUpdate>> stream_;
  std::thread reader_;
  std::thread prober_;
  std::atomic<bool> stopping_{false};

  absl::Mutex mu_;
  // Arrival time by the seq of the event that raised the alert.
  absl::flat_hash_map<uint64_t, absl::Time> receipts_ ABSL_GUARDED_BY(mu_);

  // Written by the prober thread only, read after it is joined.
  absl::Time started_;
  absl::Time finished_;
  std::vector<OperationResult> results_;
};

}  // namespace casehub::bench
