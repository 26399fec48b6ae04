// casehub-crashloop: crash safety of a real casehub under a retrying client.
//
//   casehub-crashloop --casehub build/bin/casehub
//       --config deploy/casehub.demo.textproto --kills 300
//
// Starts casehub on a scratch data directory, drives a realistic write mix
// from --clients threads (every write with its own request id, retried with
// the same request until answered), SIGKILLs casehub at a random moment
// (uniform in [--min_run_ms, --max_run_ms]; sometimes in the middle of a
// SIGTERM shutdown, sometimes again while it starts up), restarts it on the
// same directory, and after each restart checks the
// hub against the ledger of acknowledged writes and runs AdminService.Verify.
// At the end: a full check, SIGTERM (exit status 0) and `casehub --verify`
// offline. Exit status 1 on any problem, each named on stderr.
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/random/distributions.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/client_login/client_login.h"
#include "tools/crashloop/checks.h"
#include "tools/crashloop/hub_link.h"
#include "tools/crashloop/hub_process.h"
#include "tools/crashloop/ledger.h"
#include "tools/crashloop/workload.h"

ABSL_FLAG(std::string, casehub, "", "the casehub binary to test (required)");
ABSL_FLAG(std::string, config, "", "HubConfig for casehub, e.g. deploy/casehub.demo.textproto (required)");
ABSL_FLAG(std::string, work_dir, "",
          "scratch directory for the data directory and casehub's log; default: a new "
          "temporary directory, removed after a run without problems");
ABSL_FLAG(bool, keep_work_dir, false, "keep the work directory even when the run has no problems");
ABSL_FLAG(int, kills, 6, "how many times casehub is killed while serving");
ABSL_FLAG(int, clients, 4, "client threads writing at once");
ABSL_FLAG(uint64_t, seed, 0, "seeds the kill moments and the clients' choices; 0: from the clock");
ABSL_FLAG(int, min_run_ms, 200, "shortest time casehub serves before it is killed");
ABSL_FLAG(int, max_run_ms, 1500, "longest time casehub serves before it is killed");
ABSL_FLAG(int, startup_kill_percent, 20,
          "the chance (in percent) that a start - the first, or a restart after a kill - is "
          "also killed during start-up (while RocksDB creates or recovers the store), "
          "before the start that serves");
ABSL_FLAG(int, startup_kill_max_ms, 300, "a start-up kill comes within this long of the start");
ABSL_FLAG(int, shutdown_kill_percent, 15,
          "the chance (in percent) that a kill comes during a clean shutdown: SIGTERM, then "
          "SIGKILL within --shutdown_kill_max_ms (while casehub drains calls and flushes)");
ABSL_FLAG(int, shutdown_kill_max_ms, 50, "a shutdown kill comes within this long of SIGTERM");
ABSL_FLAG(bool, check_each_restart, true,
          "after each restart, check the patients written since the last check and verify; "
          "the full check runs at the end regardless");
ABSL_FLAG(std::string, sites, "jc-hub,qs-county,ls-county",
          "the sites clients act for, in turn (client i acts for site i mod n)");
ABSL_FLAG(absl::Duration, call_timeout, absl::Seconds(5), "deadline of each call");
ABSL_FLAG(absl::Duration, start_timeout, absl::Seconds(60), "how long casehub may take to start");
ABSL_FLAG(int, patients_in_hand, 3, "patients each client writes to at a time");
ABSL_FLAG(int, writes_per_patient, 16, "writes after which a client moves on to a new patient");

namespace casehub::crashloop {
namespace {

struct RunStats {
  int kills = 0;
  int startup_kills = 0;
  // Of `kills`, those sent during a clean shutdown (SIGTERM first).
  int shutdown_kills = 0;
  int checks = 0;
  int patients_read = 0;
  bool offline_verify_ok = false;
  bool sigterm_ok = false;
};

class Harness {
 public:
  Harness(HubCommand command, uint64_t seed)
      : hub_(command), work_dir_(command.work_dir), seed_(seed), random_(seed) {
    run_tag_ = absl::StrFormat("%x", absl::ToUnixMicros(absl::Now()) & 0xffffffffff);
    sites_ = absl::StrSplit(absl::GetFlag(FLAGS_sites), ',', absl::SkipEmpty());
  }

  // The whole run; an error is the harness unable to go on (its problems
  // are in problems_ as well).
  absl::Status Run() {
    // The principals come first (casehub --add-principal creates the data
    // directory); a kill during the very first start of a directory is
    // store_test's. Every later start may die too.
    RETURN_IF_ERROR(Fail(AddPrincipals()));
    RETURN_IF_ERROR(MaybeKillDuringStartUp());
    ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, StartHub());
    RETURN_IF_ERROR(Fail(LogInAll(channel)));
    link_.Up(channel);
    StartClients();
    for (int kill = 1; kill <= absl::GetFlag(FLAGS_kills); ++kill) {
      const int run_ms = absl::Uniform<int>(absl::IntervalClosed, random_, absl::GetFlag(FLAGS_min_run_ms),
                                            absl::GetFlag(FLAGS_max_run_ms));
      absl::SleepFor(absl::Milliseconds(run_ms));
      if (problems_.count() > 0) break;  // stop at the first problem: its data dir tells most
      // Down first: callers whose calls fail now wait for the restart
      // instead of spinning on a dead port.
      link_.Down();
      RETURN_IF_ERROR(Fail(KillServingHub()));
      ++stats_.kills;
      RETURN_IF_ERROR(MaybeKillDuringStartUp());
      ASSIGN_OR_RETURN(channel, StartHub());
      const std::string when = absl::StrCat("after restart ", kill);
      if (absl::GetFlag(FLAGS_check_each_restart)) {
        std::set<std::string> touched = ledger_.TakeTouchedPatients();
        RETURN_IF_ERROR(Check(channel, &touched, when));
      }
      std::cerr << absl::StrFormat(
          "kill %d/%d after %d ms; %d writes acknowledged so far, %d problems\n", kill,
          absl::GetFlag(FLAGS_kills), run_ms, Acknowledged(), problems_.count());
      link_.Up(channel);
    }
    // The clients finish the write in hand (answered by the running hub),
    // so nothing is pending for the final check.
    stop_.store(true);
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
    RETURN_IF_ERROR(Check(channel, nullptr, "at the end"));
    link_.Close();
    channel.reset();
    RETURN_IF_ERROR(Fail(hub_.Terminate(absl::Seconds(30))));
    stats_.sigterm_ok = true;
    absl::StatusOr<std::string> verified = hub_.VerifyOffline(absl::Seconds(120));
    RETURN_IF_ERROR(Fail(verified.status()));
    stats_.offline_verify_ok = true;
    return absl::OkStatus();
  }

  // Stops the clients after a failure; their pending writes stay unanswered.
  void Abandon() {
    stop_.store(true);
    link_.Close();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

  void PrintSummary(absl::Duration elapsed) const {
    std::vector<WriteRecord> writes = ledger_.Writes();
    std::map<std::string, int> by_kind;
    int acknowledged = 0, pending = 0, retried = 0, attempts = 0;
    for (const WriteRecord& write : writes) {
      if (write.acknowledged) {
        ++acknowledged;
        ++by_kind[KindName(write.kind)];
      } else {
        ++pending;
      }
      if (write.unknown_outcomes > 0) ++retried;
      attempts += write.attempts;
    }
    std::cout << absl::StrFormat(
        "casehub-crashloop: seed %d, %d clients, %.1f s\n"
        "kills: %d while serving (%d of them during a clean shutdown), %d more during start-up\n"
        "writes acknowledged: %d (%d attempts; %d never answered)\n",
        seed_, static_cast<int>(threads_started_), absl::ToDoubleSeconds(elapsed), stats_.kills,
        stats_.shutdown_kills, stats_.startup_kills, acknowledged, attempts, pending);
    for (const auto& [kind, count] : by_kind) std::cout << "  " << kind << ": " << count << "\n";
    std::cout << absl::StrFormat(
        "retried after an unknown outcome: %d writes; %d of them had been applied by an "
        "earlier attempt and were answered from the stored outcome\n"
        "checks: %d (%d patient timelines read, AdminService.Verify each time); final check: "
        "%d acknowledged writes found exactly once, %d in the audit trail\n"
        "SIGTERM: %s; offline verify: %s\n"
        "problems: %d\n",
        retried, final_counts_.answered_from_earlier_attempt, stats_.checks,
        stats_.patients_read, final_counts_.writes_checked, final_counts_.writes_audited,
        stats_.sigterm_ok ? "exit 0" : "not reached or failed",
        stats_.offline_verify_ok ? "ok" : "not reached or failed", problems_.count());
    for (const std::string& problem : problems_.All()) std::cerr << "PROBLEM: " << problem << "\n";
  }

  size_t problem_count() const { return problems_.count(); }
  std::string log_path() const { return hub_.log_path(); }

 private:
  // A harness-level failure is a problem too, so the summary names it.
  absl::Status Fail(absl::Status status) {
    if (!status.ok()) problems_.Add(status.ToString());
    return status;
  }

  // One clinician and one auditor per site, and an administrator for Verify,
  // all with the password in <work dir>/password.
  absl::Status AddPrincipals() {
    password_file_ = absl::StrCat(work_dir_, "/password");
    std::ofstream(password_file_) << "crashloop-password\n";
    for (const std::string& site : sites_) {
      RETURN_IF_ERROR(hub_.AddPrincipal(absl::StrCat("crashloop.", site), site,
                                        "case_manager,physician,nurse", password_file_));
      RETURN_IF_ERROR(hub_.AddPrincipal(absl::StrCat("crashloop.audit.", site), site, "auditor",
                                        password_file_));
    }
    return hub_.AddPrincipal("crashloop.admin", sites_.front(), "network_admin", password_file_);
  }

  // Tokens outlive restarts (the key and the principals are in the data
  // directory), so one login each serves the whole run.
  absl::Status LogInAll(const std::shared_ptr<grpc::Channel>& channel) {
    const absl::Duration timeout = absl::Seconds(30);
    ASSIGN_OR_RETURN(std::string password, tools::ReadPasswordFile(password_file_));
    for (const std::string& site : sites_) {
      ASSIGN_OR_RETURN(tokens_[site], tools::LogIn(channel, absl::StrCat("crashloop.", site),
                                                   password, timeout));
      ASSIGN_OR_RETURN(auditor_tokens_[site],
                       tools::LogIn(channel, absl::StrCat("crashloop.audit.", site), password,
                                    timeout));
    }
    ASSIGN_OR_RETURN(admin_token_, tools::LogIn(channel, "crashloop.admin", password, timeout));
    return absl::OkStatus();
  }

  int Acknowledged() const {
    int count = 0;
    for (const WriteRecord& write : ledger_.Writes()) count += write.acknowledged ? 1 : 0;
    return count;
  }

  absl::StatusOr<std::shared_ptr<grpc::Channel>> StartHub() {
    absl::StatusOr<int> port = hub_.Start(absl::GetFlag(FLAGS_start_timeout));
    if (!port.ok()) {
      problems_.Add(absl::StrCat("casehub did not come back: ", port.status().ToString()));
      return port.status();
    }
    return grpc::CreateChannel(absl::StrCat("127.0.0.1:", *port),
                               grpc::InsecureChannelCredentials());
  }

  // Mostly a plain SIGKILL; sometimes one that lands in a clean shutdown.
  absl::Status KillServingHub() {
    if (!absl::Bernoulli(random_, absl::GetFlag(FLAGS_shutdown_kill_percent) / 100.0)) {
      return hub_.Kill();
    }
    ++stats_.shutdown_kills;
    return hub_.KillDuringShutdown(absl::Milliseconds(absl::Uniform<int>(
        absl::IntervalClosed, random_, 0, absl::GetFlag(FLAGS_shutdown_kill_max_ms))));
  }

  // Sometimes a start dies too, while RocksDB creates the directory or
  // replays its WAL: both must survive being interrupted.
  absl::Status MaybeKillDuringStartUp() {
    if (!absl::Bernoulli(random_, absl::GetFlag(FLAGS_startup_kill_percent) / 100.0)) {
      return absl::OkStatus();
    }
    const int after_ms = absl::Uniform<int>(absl::IntervalClosed, random_, 0,
                                            absl::GetFlag(FLAGS_startup_kill_max_ms));
    RETURN_IF_ERROR(Fail(hub_.Spawn()));
    absl::SleepFor(absl::Milliseconds(after_ms));
    RETURN_IF_ERROR(Fail(hub_.Kill()));
    ++stats_.startup_kills;
    return absl::OkStatus();
  }

  void StartClients() {
    const int clients = absl::GetFlag(FLAGS_clients);
    for (int i = 0; i < clients; ++i) {
      const std::string& site = sites_[static_cast<size_t>(i) % sites_.size()];
      Caller caller{.link = &link_,
                    .token = tokens_.at(site),
                    .site = site,
                    .timeout = absl::GetFlag(FLAGS_call_timeout)};
      WorkloadOptions options{.client_index = i,
                              .seed = seed_,
                              .run_tag = run_tag_,
                              .patients_in_hand = absl::GetFlag(FLAGS_patients_in_hand),
                              .writes_per_patient = absl::GetFlag(FLAGS_writes_per_patient)};
      threads_.emplace_back([this, caller, options] {
        Client client(caller, &ledger_, &problems_, options);
        client.Run(stop_);
      });
      ++threads_started_;
    }
  }

  // Compares the hub on `channel` with the ledger; `patients` null: all.
  absl::Status Check(std::shared_ptr<grpc::Channel> channel,
                     const std::set<std::string>* patients, const std::string& when) {
    // The checker's own link: the clients' link stays down meanwhile.
    HubLink link;
    link.Up(channel);
    auto as = [&](const std::string& token, const std::string& site) {
      return Caller{.link = &link,
                    .token = token,
                    .site = site,
                    .timeout = absl::Seconds(30),
                    .give_up_after = absl::Seconds(60)};
    };
    std::map<std::string, Caller> callers;
    for (const std::string& site : sites_) callers.emplace(site, as(tokens_.at(site), site));
    CheckCounts counts;
    CheckScope scope{.patients = patients, .sites = sites_, .run_tag = run_tag_, .when = when};
    RETURN_IF_ERROR(Fail(CheckLedger(callers, ledger_.Writes(), scope, problems_, counts)));
    if (patients == nullptr) {
      // The whole trail, once: each check would read it all again.
      std::map<std::string, Caller> auditors;
      for (const std::string& site : sites_) auditors.emplace(site, as(auditor_tokens_.at(site), site));
      RETURN_IF_ERROR(Fail(CheckAuditTrail(auditors, ledger_.Writes(), when, problems_, counts)));
    }
    RETURN_IF_ERROR(Fail(CheckVerify(as(admin_token_, sites_.front()), when, problems_)));
    ++stats_.checks;
    stats_.patients_read += counts.patients_checked;
    if (patients == nullptr) final_counts_ = counts;
    return absl::OkStatus();
  }

  HubProcess hub_;
  std::string work_dir_;
  std::string password_file_;
  // Each site's clinician's token, its auditor's, and the administrator's.
  std::map<std::string, std::string> tokens_;
  std::map<std::string, std::string> auditor_tokens_;
  std::string admin_token_;
  uint64_t seed_;
  std::mt19937_64 random_;
  std::string run_tag_;
  std::vector<std::string> sites_;
  HubLink link_;
  Ledger ledger_;
  Problems problems_;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  int threads_started_ = 0;
  RunStats stats_;
  CheckCounts final_counts_;
};

absl::StatusOr<std::string> MakeWorkDir() {
  if (!absl::GetFlag(FLAGS_work_dir).empty()) {
    std::filesystem::create_directories(absl::GetFlag(FLAGS_work_dir));
    return absl::GetFlag(FLAGS_work_dir);
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "casehub-crashloop.XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError(absl::StrCat("cannot create a work directory from ", pattern));
  }
  return pattern;
}

int Main() {
  if (absl::GetFlag(FLAGS_casehub).empty() || absl::GetFlag(FLAGS_config).empty()) {
    std::cerr << "casehub-crashloop: --casehub and --config are required\n";
    return 2;
  }
  if (absl::GetFlag(FLAGS_min_run_ms) < 0 ||
      absl::GetFlag(FLAGS_max_run_ms) < absl::GetFlag(FLAGS_min_run_ms) ||
      absl::GetFlag(FLAGS_clients) < 1 || absl::GetFlag(FLAGS_sites).empty()) {
    std::cerr << "casehub-crashloop: need 0 <= --min_run_ms <= --max_run_ms, --clients >= 1 "
                 "and at least one site\n";
    return 2;
  }
  absl::StatusOr<std::string> work_dir = MakeWorkDir();
  if (!work_dir.ok()) {
    std::cerr << "casehub-crashloop: " << work_dir.status() << "\n";
    return 2;
  }
  uint64_t seed = absl::GetFlag(FLAGS_seed);
  if (seed == 0) seed = static_cast<uint64_t>(absl::ToUnixNanos(absl::Now()));
  // The binary and config are resolved now: casehub runs with the same
  // working directory, but a relative path in a log line helps nobody.
  HubCommand command{.binary = std::filesystem::absolute(absl::GetFlag(FLAGS_casehub)).string(),
                     .config = std::filesystem::absolute(absl::GetFlag(FLAGS_config)).string(),
                     .data_dir = *work_dir + "/data",
                     .work_dir = *work_dir};
  std::cerr << "casehub-crashloop: seed " << seed << ", work directory " << *work_dir << "\n";

  const absl::Time started = absl::Now();
  Harness harness(command, seed);
  absl::Status run = harness.Run();
  if (!run.ok()) harness.Abandon();
  harness.PrintSummary(absl::Now() - started);
  if (harness.problem_count() > 0) {
    std::cerr << "casehub-crashloop: FAILED; the data directory and " << harness.log_path()
              << " are kept in " << *work_dir << "; rerun with --seed " << seed << "\n";
    return 1;
  }
  if (absl::GetFlag(FLAGS_work_dir).empty() && !absl::GetFlag(FLAGS_keep_work_dir)) {
    std::error_code ignored;
    std::filesystem::remove_all(*work_dir, ignored);
  }
  return 0;
}

}  // namespace
}  // namespace casehub::crashloop

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "SIGKILLs a real casehub at random moments under a retrying write load and checks "
      "that every acknowledged write survives exactly once and verify passes.\n"
      "Typical: casehub-crashloop --casehub build/bin/casehub "
      "--config deploy/casehub.demo.textproto --kills 300");
  absl::ParseCommandLine(argc, argv);
  return casehub::crashloop::Main();
}
