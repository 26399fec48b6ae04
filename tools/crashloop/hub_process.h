// The casehub process under test: started on a free port with a port file,
// killed with SIGKILL, stopped with SIGTERM, and run offline with --verify
// and --add-principal.
// Only the thread that constructed it may start the hub: the child asks to
// be killed when that thread ends, so a hub never outlives the harness.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace casehub::crashloop {

struct HubCommand {
  std::string binary;    // the casehub executable
  std::string config;    // --config
  std::string data_dir;  // --data-dir, kept across restarts
  std::string work_dir;  // the port file and casehub.log go here
};

class HubProcess {
 public:
  explicit HubProcess(HubCommand command);
  // Kills a hub still running: the harness failed half way.
  ~HubProcess();
  HubProcess(const HubProcess&) = delete;
  HubProcess& operator=(const HubProcess&) = delete;

  // Starts casehub and returns once it wrote its port file: the port.
  // FAILED_PRECONDITION (with the log's tail) when it exits instead.
  absl::StatusOr<int> Start(absl::Duration timeout);
  // Starts casehub without waiting for it (a kill during start-up follows).
  absl::Status Spawn();
  // SIGKILL, then reaps it. FAILED_PRECONDITION when it had already exited
  // by itself, which no test run should see.
  absl::Status Kill();
  // SIGTERM, then SIGKILL `after` later unless it ended by then (with exit
  // status 0, or FAILED_PRECONDITION): a crash in the middle of a clean
  // shutdown, e.g. while it flushes its memtables.
  absl::Status KillDuringShutdown(absl::Duration after);
  // SIGTERM, which must end it with exit status 0 within `timeout`.
  absl::Status Terminate(absl::Duration timeout);
  // `casehub --config C --data-dir D --verify` with the hub stopped: its
  // output, or FAILED_PRECONDITION with the output when it exits non-zero.
  absl::StatusOr<std::string> VerifyOffline(absl::Duration timeout);
  // `casehub --add-principal ID --site S --roles R` with the hub stopped;
  // the password is the first line of `password_file`.
  absl::Status AddPrincipal(const std::string& id, const std::string& site,
                            const std::string& roles, const std::string& password_file);

  bool running() const { return pid_ > 0; }
  std::string log_path() const;
  // The last `lines` lines of casehub.log, to show why a start failed.
  std::string LogTail(int lines) const;

 private:
  // SIGTERM, then waits up to `timeout`: true when casehub exited with
  // status 0, false when it is still running, an error for any other end.
  absl::StatusOr<bool> TerminateWithin(absl::Duration timeout);
  std::vector<std::string> ServeArgs() const;
  std::string PortFile() const;
  // Standard input comes from `input_path`.
  absl::StatusOr<pid_t> SpawnWithOutput(const std::vector<std::string>& args,
                                        const std::string& output_path,
                                        const std::string& input_path);
  // `casehub --config C --data-dir D <flags>` with the hub stopped and
  // standard input from `input_path`; its output goes to <name>.log.
  absl::StatusOr<std::string> RunOffline(const std::vector<std::string>& flags,
                                         const std::string& name, const std::string& input_path,
                                         absl::Duration timeout);

  HubCommand command_;
  pid_t pid_ = -1;
};

// How a process ended, in words: "exit status 1", "signal 9".
std::string DescribeWaitStatus(int status);

}  // namespace casehub::crashloop
