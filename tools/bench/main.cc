// casehub-bench: load against a running casehub, with baselines in the same
// run so every figure can be read as a ratio (docs/performance.md).
//
//   casehub-bench --server 127.0.0.1:7443 --concurrency 8 --duration 20s [--json]
//
// Phases, each --duration long at --concurrency callers:
//   mix      the --mix of casehub operations
//   ingest   record_lab_result alone: casehub's durable unary ingest
//   alert    during ingest, a probe's critical values timed to their
//            WatchAlerts receipt                          (--alert_probe_every)
//   batch    record_lab_results alone, --batch_size results per call
//   echo     a bare gRPC echo server in this process
//   durable_echo  the echo, each call written to RocksDB with a synced commit
//            before it is answered (--durable_echo_workers)
//   rocksdb  raw synced RocksDB puts in a scratch directory
//   rocksdb_batch  raw synced RocksDB batches of --batch_size puts
//   handoff  two threads handing a turn to each other: the machine's price
//            of a thread wake-up
// --phases chooses which run.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/bench/alert_probe.h"
#include "tools/bench/casehub_caller.h"
#include "tools/bench/echo_baseline.h"
#include "tools/bench/handoff_baseline.h"
#include "tools/bench/mix.h"
#include "tools/bench/report.h"
#include "tools/bench/rocksdb_baseline.h"
#include "tools/client_login/client_login.h"

namespace casehub::bench {
// Every phase, in the order they run.
constexpr const char* kPhaseNames[] = {"mix",          "ingest",  "batch",         "echo",
                                       "durable_echo", "rocksdb", "rocksdb_batch", "handoff"};
}  // namespace casehub::bench

ABSL_FLAG(std::string, server, "127.0.0.1:7443", "address of the running casehub");
ABSL_FLAG(int, concurrency, 8, "callers in flight at once, in every phase");
ABSL_FLAG(absl::Duration, duration, absl::Seconds(20), "how long each phase runs");
ABSL_FLAG(std::string, mix, casehub::bench::kDefaultMix, "weights of the mix phase's operations");
ABSL_FLAG(std::string, scratch_dir, "", "where the RocksDB baseline writes; default: the temp dir");
ABSL_FLAG(bool, json, false, "print JSON instead of a table");
ABSL_FLAG(std::string, user, "bench",
          "the principal to log in as (clinical roles; tools/bench/run creates it)");
ABSL_FLAG(std::string, password_file, "", "a file whose first line is the password");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(10), "deadline of each call");
ABSL_FLAG(int, patients_per_caller, 4, "patients each caller registers before a casehub phase");
ABSL_FLAG(int, existing_patients, 0,
          "when above 0, timelines are read from up to this many of the site's patients already "
          "in the hub (a populated directory) instead of the callers' own");
ABSL_FLAG(int, timeline_limit, 100,
          "events each get_timeline asks for (1..1000, a page); 0: the patient's whole history");
ABSL_FLAG(std::string, report_end, "", "last day of the reports' period, YYYY-MM-DD; default today");
ABSL_FLAG(int, report_days, 30, "days in the reports' period");
ABSL_FLAG(std::vector<std::string>, phases,
          std::vector<std::string>(std::begin(casehub::bench::kPhaseNames),
                                   std::end(casehub::bench::kPhaseNames)),
          "the phases to run, in the order given (the ingest runs with the alert probe)");
ABSL_FLAG(int, durable_echo_workers, 0,
          "0: the durable echo commits every call queued meanwhile as one synced batch from one "
          "committer thread; N: N worker threads each write one call with its own synced put, as "
          "casehub's workers do");
ABSL_FLAG(int, batch_size, 100,
          "results per RecordLabResults call in the batch phase, and values per synced write in "
          "rocksdb_batch (1..500)");
ABSL_FLAG(absl::Duration, alert_probe_every, absl::Milliseconds(20),
          "pace of the critical values the alert probe sends during the ingest phase; 0: no probe");

namespace casehub::bench {
namespace {

std::string ScratchDir() {
  return absl::GetFlag(FLAGS_scratch_dir).empty() ? std::filesystem::temp_directory_path().string()
                                                  : absl::GetFlag(FLAGS_scratch_dir);
}

absl::Status RunAndAppend(const Phase& phase, BenchReport& report) {
  std::cerr << "phase " << phase.name << ": " << absl::FormatDuration(absl::GetFlag(FLAGS_duration))
            << " at concurrency " << report.concurrency << "\n";
  ASSIGN_OR_RETURN(PhaseResult result,
                   RunPhase(phase, report.concurrency, absl::GetFlag(FLAGS_duration)));
  report.phases.push_back(std::move(result));
  return absl::OkStatus();
}

// The ingest phase, with the alert probe beside it: the probe's critical
// values meet the ingest load on the way in, and the alerts of the ingest's
// own critical values on the stream.
absl::Status RunIngestWithAlertProbe(const CasehubTarget& hub, BenchReport& report) {
  ASSIGN_OR_RETURN(Mix ingest_only, Mix::Parse("record_lab_result=1"));
  std::unique_ptr<AlertProbe> probe;
  if (absl::GetFlag(FLAGS_alert_probe_every) > absl::ZeroDuration()) {
    ASSIGN_OR_RETURN(probe, AlertProbe::Start(hub, absl::GetFlag(FLAGS_alert_probe_every)));
  }
  RETURN_IF_ERROR(RunAndAppend(CasehubPhase("ingest", hub, ingest_only), report));
  if (probe != nullptr) report.phases.push_back(probe->Finish());
  return absl::OkStatus();
}

absl::StatusOr<BenchReport> Run() {
  BenchReport report{
      .server = absl::GetFlag(FLAGS_server),
      .concurrency = absl::GetFlag(FLAGS_concurrency),
      .seconds_per_phase = absl::ToDoubleSeconds(absl::GetFlag(FLAGS_duration)),
      .phases = {},
  };
  if (report.concurrency < 1) return absl::InvalidArgumentError("--concurrency must be >= 1");
  if (absl::GetFlag(FLAGS_durable_echo_workers) < 0) {
    return absl::InvalidArgumentError("--durable_echo_workers must be >= 0");
  }
  // Before any phase runs: a misspelt one is refused at once, not after the
  // phases before it.
  for (const std::string& phase : absl::GetFlag(FLAGS_phases)) {
    if (std::find(std::begin(kPhaseNames), std::end(kPhaseNames), phase) == std::end(kPhaseNames)) {
      return absl::InvalidArgumentError(absl::StrCat("--phases: unknown phase '", phase,
                                                     "'; the phases are ",
                                                     absl::StrJoin(kPhaseNames, ", ")));
    }
  }
  ASSIGN_OR_RETURN(Mix mix, Mix::Parse(absl::GetFlag(FLAGS_mix)));
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(report.server, grpc::InsecureChannelCredentials());
  ASSIGN_OR_RETURN(std::string password, tools::ReadPasswordFile(absl::GetFlag(FLAGS_password_file)));
  ASSIGN_OR_RETURN(std::string token, tools::LogIn(channel, absl::GetFlag(FLAGS_user), password,
                                                   absl::GetFlag(FLAGS_timeout)));
  CasehubTarget hub{
      .channel = channel,
      .token = token,
      .timeout = absl::GetFlag(FLAGS_timeout),
      .patients_per_caller = absl::GetFlag(FLAGS_patients_per_caller),
      .existing_patients = absl::GetFlag(FLAGS_existing_patients),
      .timeline_limit = absl::GetFlag(FLAGS_timeline_limit),
      .report_end = absl::GetFlag(FLAGS_report_end),
      .report_days = absl::GetFlag(FLAGS_report_days),
      .batch_size = absl::GetFlag(FLAGS_batch_size),
  };
  if (hub.batch_size < 1 || hub.batch_size > 500) {
    return absl::InvalidArgumentError("--batch_size must be 1..500");
  }
  if (hub.patients_per_caller < 1) return absl::InvalidArgumentError("--patients_per_caller must be >= 1");
  if (hub.report_days < 1) return absl::InvalidArgumentError("--report_days must be >= 1");
  if (hub.timeline_limit < 0 || hub.timeline_limit > 1000) {
    return absl::InvalidArgumentError("--timeline_limit must be 0..1000");
  }
  for (const std::string& phase : absl::GetFlag(FLAGS_phases)) {
    if (phase == "mix") {
      RETURN_IF_ERROR(RunAndAppend(CasehubPhase("mix", hub, mix), report));
    } else if (phase == "ingest") {
      RETURN_IF_ERROR(RunIngestWithAlertProbe(hub, report));
    } else if (phase == "batch") {
      ASSIGN_OR_RETURN(Mix batches_only, Mix::Parse("record_lab_results=1"));
      RETURN_IF_ERROR(RunAndAppend(CasehubPhase("batch", hub, batches_only), report));
    } else if (phase == "echo") {
      ASSIGN_OR_RETURN(std::unique_ptr<EchoBaseline> echo,
                       EchoBaseline::Start(token, absl::GetFlag(FLAGS_timeout)));
      RETURN_IF_ERROR(RunAndAppend(echo->MakePhase(), report));
      // Stopped before the next phase, so its threads take no share of the cores.
    } else if (phase == "durable_echo") {
      ASSIGN_OR_RETURN(std::unique_ptr<RocksDbBaseline> rocksdb,
                       RocksDbBaseline::Open(ScratchDir()));
      ASSIGN_OR_RETURN(std::unique_ptr<EchoBaseline> echo,
                       EchoBaseline::Start(token, absl::GetFlag(FLAGS_timeout), &rocksdb->db(),
                                           absl::GetFlag(FLAGS_durable_echo_workers)));
      RETURN_IF_ERROR(RunAndAppend(echo->MakePhase(), report));
    } else if (phase == "rocksdb" || phase == "rocksdb_batch") {
      ASSIGN_OR_RETURN(std::unique_ptr<RocksDbBaseline> rocksdb,
                       RocksDbBaseline::Open(ScratchDir()));
      RETURN_IF_ERROR(RunAndAppend(phase == "rocksdb" ? rocksdb->MakePhase()
                                                      : rocksdb->MakeBatchPhase(hub.batch_size),
                                   report));
    } else if (phase == "handoff") {
      RETURN_IF_ERROR(RunAndAppend(HandoffPhase(), report));
    } else {
      return absl::InternalError(absl::StrCat("phase '", phase, "' is in kPhaseNames, not run"));
    }
  }
  return report;
}

}  // namespace
}  // namespace casehub::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "load and latency of a running casehub against a bare gRPC echo and raw RocksDB.\n"
      "Typical: casehub-bench --server 127.0.0.1:7443 --concurrency 8 --duration 20s");
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<casehub::bench::BenchReport> report = casehub::bench::Run();
  if (!report.ok()) {
    std::cerr << "casehub-bench: " << report.status() << "\n";
    return 1;
  }
  std::cout << (absl::GetFlag(FLAGS_json) ? casehub::bench::FormatJson(*report)
                                          : casehub::bench::FormatTable(*report));
  return 0;
}
