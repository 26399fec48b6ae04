// casehub-soak: a long run of the casehub mix at a fixed fraction of what the
// hub can do, printing throughput, latency and the server's resident memory
// per interval, to show both stay flat (docs/performance.md "Soak").
//
//   casehub-soak --server 127.0.0.1:7443 --server_pid PID --duration 30m
//
// It first runs the mix unpaced for --probe to find the capacity, then paces
// all callers together at --load_fraction of it.
#include <algorithm>
#include <iostream>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "casehub/status_macros.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/bench/casehub_caller.h"
#include "tools/bench/mix.h"
#include "tools/client_login/client_login.h"
#include "tools/bench/process_rss.h"

ABSL_FLAG(std::string, server, "127.0.0.1:7443", "address of the running casehub");
ABSL_FLAG(int, server_pid, 0, "process id of that casehub, for its resident memory");
ABSL_FLAG(int, concurrency, 8, "callers in flight at once");
ABSL_FLAG(absl::Duration, probe, absl::Seconds(20), "unpaced run that measures capacity");
ABSL_FLAG(double, load_fraction, 0.5, "fraction of the measured capacity to run at");
ABSL_FLAG(absl::Duration, duration, absl::Minutes(30), "how long the paced run lasts");
ABSL_FLAG(absl::Duration, every, absl::Minutes(1), "how often a line is printed");
ABSL_FLAG(std::string, mix, casehub::bench::kDefaultMix, "weights of the operations");
ABSL_FLAG(std::string, user, "bench",
          "the principal to log in as (clinical roles; tools/bench/soak creates it)");
ABSL_FLAG(std::string, password_file, "", "a file whose first line is the password");
ABSL_FLAG(absl::Duration, timeout, absl::Seconds(10), "deadline of each call");

namespace casehub::bench {
namespace {

double TotalCallsPerSecond(const PhaseResult& result) {
  double total = 0;
  for (const OperationResult& op : result.operations) total += op.CallsPerSecond();
  return total;
}

std::string Rss(int pid) {
  if (pid == 0) return "-";
  absl::StatusOr<int64_t> bytes = ResidentBytes(pid);
  return bytes.ok() ? absl::StrFormat("%.1f", static_cast<double>(*bytes) / (1 << 20)) : "gone";
}

absl::Status Run() {
  ASSIGN_OR_RETURN(Mix mix, Mix::Parse(absl::GetFlag(FLAGS_mix)));
  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  if (concurrency < 1) return absl::InvalidArgumentError("--concurrency must be >= 1");
  std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel(absl::GetFlag(FLAGS_server), grpc::InsecureChannelCredentials());
  ASSIGN_OR_RETURN(std::string password, tools::ReadPasswordFile(absl::GetFlag(FLAGS_password_file)));
  ASSIGN_OR_RETURN(std::string token, tools::LogIn(channel, absl::GetFlag(FLAGS_user), password,
                                                   absl::GetFlag(FLAGS_timeout)));
  CasehubTarget hub{
      .channel = channel,
      .token = token,
      .timeout = absl::GetFlag(FLAGS_timeout),
  };
  const int pid = absl::GetFlag(FLAGS_server_pid);

  ASSIGN_OR_RETURN(PhaseResult probe,
                   RunPhase(CasehubPhase("probe", hub, mix), concurrency,
                            absl::GetFlag(FLAGS_probe)));
  const double capacity = TotalCallsPerSecond(probe);
  const double rate = capacity * absl::GetFlag(FLAGS_load_fraction);
  if (rate <= 0) return absl::UnavailableError("the probe completed no call");
  std::cout << absl::StrFormat(
      "capacity %.0f calls/s at concurrency %d; soaking at %.0f calls/s for %s\n", capacity,
      concurrency, rate, absl::FormatDuration(absl::GetFlag(FLAGS_duration)));
  // Per interval: throughput and latency of all calls, then the p99 of each
  // operation (a cost that grows with the data shows in its own column).
  const Phase soak_phase = CasehubPhase("soak", hub, mix);
  std::string header = absl::StrFormat("%7s %8s %8s %8s", "minute", "calls/s", "p50 ms", "p99 ms");
  for (const std::string& name : soak_phase.operation_names) {
    absl::StrAppendFormat(&header, " %*s", std::max<int>(9, name.size() + 5),
                          absl::StrCat(name, " p99"));
  }
  std::cout << header << absl::StrFormat(" %7s %8s\n", "errors", "RSS MiB");
  std::cout << absl::StrFormat("%7s %35s RSS at start %s MiB\n", "start", "", Rss(pid))
            << std::flush;

  const absl::Duration every = absl::GetFlag(FLAGS_every);
  RunOptions options{
      .calls_per_second = rate,
      .every = every,
      .on_interval =
          [&](const IntervalSample& sample) {
            const std::vector<int64_t>& all = sample.sorted_latencies_ns;
            std::string line = absl::StrFormat(
                "%7.1f %8.1f %8.2f %8.2f", absl::ToDoubleMinutes(sample.elapsed),
                static_cast<double>(all.size()) / absl::ToDoubleSeconds(every),
                PercentileMicros(all, 0.5) / 1000, PercentileMicros(all, 0.99) / 1000);
            for (size_t op = 0; op < soak_phase.operation_names.size(); ++op) {
              absl::StrAppendFormat(
                  &line, " %*.2f",
                  std::max<int>(9, soak_phase.operation_names[op].size() + 5),
                  PercentileMicros(sample.sorted_latencies_ns_by_operation[op], 0.99) / 1000);
            }
            std::cout << line << absl::StrFormat(" %7d %8s\n", sample.errors, Rss(pid))
                      << std::flush;
          },
  };
  ASSIGN_OR_RETURN(PhaseResult soak, RunPhase(soak_phase, concurrency,
                                              absl::GetFlag(FLAGS_duration), options));
  int64_t errors = 0;
  for (const OperationResult& op : soak.operations) {
    errors += op.errors;
    if (!op.first_error.empty()) std::cout << op.name << ": first error " << op.first_error << "\n";
  }
  std::cout << absl::StrFormat("soak: %.1f calls/s over the run, %d errors\n",
                               TotalCallsPerSecond(soak), errors);
  return errors == 0 ? absl::OkStatus() : absl::UnavailableError("calls failed during the soak");
}

}  // namespace
}  // namespace casehub::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "a long paced run against a running casehub: throughput, latency and server memory\n"
      "per interval. Typical: casehub-soak --server 127.0.0.1:7443 --server_pid PID");
  absl::ParseCommandLine(argc, argv);
  absl::Status status = casehub::bench::Run();
  if (!status.ok()) {
    std::cerr << "casehub-soak: " << status << "\n";
    return 1;
  }
  return 0;
}
