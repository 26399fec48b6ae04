#include "tools/bench/alert_probe.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {
namespace {

// How many unmeasured probes may go unanswered while the stream starts.
constexpr int kWarmUpAttempts = 10;

enum Measure { kCriticalIngest, kAlertAfterAck, kAlertAfterSend };

void AddLatency(OperationResult& result, absl::Duration latency) {
  result.sorted_latencies_ns.push_back(absl::ToInt64Nanoseconds(latency));
}

void AddError(OperationResult& result, const absl::Status& status) {
  if (result.errors++ == 0) result.first_error = status.ToString();
}

}  // namespace

AlertProbe::AlertProbe(const CasehubTarget& target, absl::Duration interval)
    : target_(target), interval_(interval), clinical_(target.channel) {
  for (const char* name : {"critical_ingest", "alert_after_ack", "alert_after_send"}) {
    results_.emplace_back().name = name;
  }
}

absl::StatusOr<std::unique_ptr<AlertProbe>> AlertProbe::Start(const CasehubTarget& target,
                                                             absl::Duration interval) {
  std::unique_ptr<AlertProbe> probe(new AlertProbe(target, interval));
  v1::PatientService::Stub patients(target.channel);
  v1::CaseService::Stub cases(target.channel);
  ASSIGN_OR_RETURN(probe->patient_id_,
                   RegisterBenchPatient(target, patients, probe->random_, /*number=*/0));
  RETURN_IF_ERROR(OpenLungCase(target, cases, probe->random_, probe->patient_id_).status());

  // The stream lives as long as the probe: no deadline, only the token.
  v1::AlertService::Stub alerts(target.channel);
  probe->stream_context_.AddMetadata("authorization", absl::StrCat("Bearer ", target.token));
  probe->stream_ = alerts.WatchAlerts(&probe->stream_context_, v1::WatchAlertsRequest());
  probe->reader_ = std::thread([raw = probe.get()] { raw->ReadStream(); });

  // The hub subscribes the watcher when the call arrives, which the client
  // cannot see; a first alert that comes through shows it has.
  for (int attempt = 1;; ++attempt) {
    ASSIGN_OR_RETURN(uint64_t seq, probe->RecordCriticalValue());
    if (probe->AwaitReceipt(seq, absl::Seconds(1))) break;
    if (attempt == kWarmUpAttempts) {
      return absl::DeadlineExceededError(absl::StrCat(
          "no alert reached WatchAlerts after ", kWarmUpAttempts, " critical values"));
    }
  }
  probe->started_ = absl::Now();
  probe->prober_ = std::thread([raw = probe.get()] { raw->ProbeUntilStopped(); });
  return probe;
}

AlertProbe::~AlertProbe() { StopThreads(); }

absl::StatusOr<uint64_t> AlertProbe::RecordCriticalValue() {
  v1::RecordLabResultRequest request = NewCriticalAncResult(patient_id_, random_);
  v1::RecordLabResultResponse response;
  RETURN_IF_ERROR(
      CallHub(target_, clinical_, &v1::ClinicalService::Stub::RecordLabResult, request, response));
  return response.event_seq();
}

std::optional<absl::Time> AlertProbe::AwaitReceipt(uint64_t seq, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto arrived = [this, seq]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return receipts_.contains(seq);
  };
  if (!mu_.AwaitWithTimeout(absl::Condition(&arrived), timeout)) return std::nullopt;
  return receipts_.extract(seq).mapped();
}

void AlertProbe::ReadStream() {
  v1::AlertUpdate update;
  while (stream_->Read(&update)) {
    const absl::Time now = absl::Now();
    // The site's other patients raise alerts too; only the probe's are timed,
    // and only their first update (the raise).
    if (update.alert().patient_id() != patient_id_) continue;
    absl::MutexLock lock(&mu_);
    receipts_.try_emplace(update.alert().raised_by_seq(), now);
  }
}

void AlertProbe::ProbeUntilStopped() {
  absl::Time next = absl::Now();
  while (!stopping_.load()) {
    const absl::Time sent = absl::Now();
    absl::StatusOr<uint64_t> seq = RecordCriticalValue();
    const absl::Time acknowledged = absl::Now();
    if (!seq.ok()) {
      AddError(results_[kCriticalIngest], seq.status());
    } else {
      AddLatency(results_[kCriticalIngest], acknowledged - sent);
      if (std::optional<absl::Time> received = AwaitReceipt(*seq, target_.timeout)) {
        AddLatency(results_[kAlertAfterAck], std::max(absl::ZeroDuration(), *received - acknowledged));
        AddLatency(results_[kAlertAfterSend], *received - sent);
      } else {
        absl::Status missed = absl::DeadlineExceededError(absl::StrFormat(
            "the alert of event %d did not arrive within %s", *seq,
            absl::FormatDuration(target_.timeout)));
        AddError(results_[kAlertAfterAck], missed);
        AddError(results_[kAlertAfterSend], missed);
      }
    }
    next += interval_;
    absl::SleepFor(next - absl::Now());
  }
  finished_ = absl::Now();
}

void AlertProbe::StopThreads() {
  stopping_.store(true);
  if (prober_.joinable()) prober_.join();
  stream_context_.TryCancel();
  if (reader_.joinable()) reader_.join();
  // CANCELLED, as asked.
  if (stream_ != nullptr) stream_->Finish().IgnoreError();
  stream_.reset();
}

PhaseResult AlertProbe::Finish() {
  StopThreads();
  PhaseResult phase{.name = "alert", .operations = std::move(results_)};
  for (OperationResult& result : phase.operations) {
    std::sort(result.sorted_latencies_ns.begin(), result.sorted_latencies_ns.end());
    result.seconds = absl::ToDoubleSeconds(finished_ - started_);
  }
  return phase;
}

}  // namespace casehub::bench
