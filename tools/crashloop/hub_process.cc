#include "tools/crashloop/hub_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <deque>
#include <fstream>
#include <optional>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"

namespace casehub::crashloop {
namespace {

constexpr absl::Duration kPollInterval = absl::Milliseconds(10);

absl::Status ErrnoError(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// Waits up to `timeout` for `pid` to end; its wait status, or nullopt when
// it is still running.
absl::StatusOr<std::optional<int>> WaitFor(pid_t pid, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return status;
    if (done < 0 && errno != EINTR) return ErrnoError("waitpid");
    if (absl::Now() >= give_up) return std::nullopt;
    absl::SleepFor(kPollInterval);
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return absl::StrCat("exit status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return absl::StrCat("signal ", WTERMSIG(status));
  return absl::StrCat("wait status ", status);
}

HubProcess::HubProcess(HubCommand command) : command_(std::move(command)) {}

HubProcess::~HubProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string HubProcess::log_path() const { return absl::StrCat(command_.work_dir, "/casehub.log"); }

std::string HubProcess::PortFile() const { return absl::StrCat(command_.work_dir, "/port"); }

std::vector<std::string> HubProcess::ServeArgs() const {
  return {command_.binary,  "--config",      command_.config,    "--data-dir",
          command_.data_dir, "--listen",     "127.0.0.1:0",      "--port-file",
          PortFile()};
}

std::string HubProcess::LogTail(int lines) const {
  std::ifstream in(log_path());
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (static_cast<int>(tail.size()) > lines) tail.pop_front();
  }
  return absl::StrJoin(tail, "\n");
}

absl::StatusOr<pid_t> HubProcess::SpawnWithOutput(const std::vector<std::string>& args,
                                                 const std::string& output_path,
                                                 const std::string& input_path) {
  // Everything the child needs is prepared here: after fork() in a process
  // with gRPC threads, only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int output = open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (output < 0) return ErrnoError(absl::StrCat("opening ", output_path));
  int input = open(input_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (input < 0) {
    close(output);
    return ErrnoError(absl::StrCat("opening ", input_path));
  }
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    close(output);
    close(input);
    return ErrnoError("fork");
  }
  if (pid == 0) {
    // The hub dies with the harness, even when the harness is killed.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(output, STDOUT_FILENO);
    dup2(output, STDERR_FILENO);
    dup2(input, STDIN_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(output);
  close(input);
  return pid;
}

absl::Status HubProcess::Spawn() {
  if (pid_ > 0) return absl::FailedPreconditionError("casehub is already running");
  // A stale port file would name the previous hub's port.
  unlink(PortFile().c_str());
  absl::StatusOr<pid_t> pid = SpawnWithOutput(ServeArgs(), log_path(), "/dev/null");
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  return absl::OkStatus();
}

absl::StatusOr<int> HubProcess::Start(absl::Duration timeout) {
  if (absl::Status spawned = Spawn(); !spawned.ok()) return spawned;
  const absl::Time give_up = absl::Now() + timeout;
  for (;;) {
    // casehub writes "PORT\n" once it listens; a partial read parses as no
    // port yet and is read again.
    std::string text = ReadFile(PortFile());
    int port = 0;
    if (absl::EndsWith(text, "\n") &&
        absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &port) && port > 0) {
      return port;
    }
    int status = 0;
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      pid_ = -1;
      return absl::FailedPreconditionError(
          absl::StrCat("casehub exited during start-up (", DescribeWaitStatus(status),
                       "); the end of ", log_path(), ":\n", LogTail(15)));
    }
    if (absl::Now() >= give_up) {
      return absl::DeadlineExceededError(absl::StrCat(
          "casehub did not write its port file within ", absl::FormatDuration(timeout),
          "; the end of ", log_path(), ":\n", LogTail(15)));
    }
    absl::SleepFor(kPollInterval);
  }
}

absl::Status HubProcess::Kill() {
  if (pid_ <= 0) return absl::FailedPreconditionError("casehub is not running");
  // Checked first: a hub that died by itself must not pass for a kill.
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    pid_ = -1;
    return absl::FailedPreconditionError(
        absl::StrCat("casehub exited by itself (", DescribeWaitStatus(status),
                     ") before it was killed; the end of ", log_path(), ":\n", LogTail(15)));
  }
  if (kill(pid_, SIGKILL) != 0) return ErrnoError("kill -KILL casehub");
  if (waitpid(pid_, &status, 0) != pid_) return ErrnoError("waitpid after SIGKILL");
  pid_ = -1;
  return absl::OkStatus();
}

absl::StatusOr<bool> HubProcess::TerminateWithin(absl::Duration timeout) {
  if (pid_ <= 0) return absl::FailedPreconditionError("casehub is not running");
  if (kill(pid_, SIGTERM) != 0) return ErrnoError("kill -TERM casehub");
  absl::StatusOr<std::optional<int>> status = WaitFor(pid_, timeout);
  if (!status.ok()) return status.status();
  if (!status->has_value()) return false;
  pid_ = -1;
  if (!WIFEXITED(**status) || WEXITSTATUS(**status) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("casehub ended with ", DescribeWaitStatus(**status),
                     " on SIGTERM, not exit status 0; the end of ", log_path(), ":\n",
                     LogTail(15)));
  }
  return true;
}

absl::Status HubProcess::KillDuringShutdown(absl::Duration after) {
  ASSIGN_OR_RETURN(const bool stopped, TerminateWithin(after));
  return stopped ? absl::OkStatus() : Kill();
}

absl::Status HubProcess::Terminate(absl::Duration timeout) {
  ASSIGN_OR_RETURN(const bool stopped, TerminateWithin(timeout));
  if (stopped) return absl::OkStatus();
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  pid_ = -1;
  return absl::FailedPreconditionError(absl::StrCat(
      "casehub did not stop within ", absl::FormatDuration(timeout), " of SIGTERM"));
}

absl::StatusOr<std::string> HubProcess::RunOffline(const std::vector<std::string>& flags,
                                                   const std::string& name,
                                                   const std::string& input_path,
                                                   absl::Duration timeout) {
  if (pid_ > 0) return absl::FailedPreconditionError(absl::StrCat("stop casehub before ", name));
  const std::string output_path = absl::StrCat(command_.work_dir, "/", name, ".log");
  unlink(output_path.c_str());
  std::vector<std::string> args = {command_.binary, "--config", command_.config, "--data-dir",
                                   command_.data_dir};
  args.insert(args.end(), flags.begin(), flags.end());
  absl::StatusOr<pid_t> pid = SpawnWithOutput(args, output_path, input_path);
  if (!pid.ok()) return pid.status();
  absl::StatusOr<std::optional<int>> status = WaitFor(*pid, timeout);
  if (!status.ok()) return status.status();
  if (!status->has_value()) {
    kill(*pid, SIGKILL);
    waitpid(*pid, nullptr, 0);
    return absl::DeadlineExceededError(absl::StrCat(
        "casehub ", name, " did not finish within ", absl::FormatDuration(timeout)));
  }
  std::string output = ReadFile(output_path);
  if (!WIFEXITED(**status) || WEXITSTATUS(**status) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "casehub ", name, " ended with ", DescribeWaitStatus(**status), ":\n", output));
  }
  return output;
}

absl::StatusOr<std::string> HubProcess::VerifyOffline(absl::Duration timeout) {
  return RunOffline({"--verify"}, "verify", "/dev/null", timeout);
}

absl::Status HubProcess::AddPrincipal(const std::string& id, const std::string& site,
                                      const std::string& roles,
                                      const std::string& password_file) {
  return RunOffline({"--add-principal", id, "--site", site, "--roles", roles},
                    absl::StrCat("add-principal-", id), password_file, absl::Seconds(60))
      .status();
}

}  // namespace casehub::crashloop
