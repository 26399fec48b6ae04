// casectl's command line (tools/casectl): the input is the argument list,
// NUL-separated, and the environment's CASEHUB_* variables come from the
// first arguments that look like NAME=VALUE. Parsing, help and usage errors,
// the option values, and then the command itself, which builds its request
// from the options (doses, facts, times, enums) and calls a hub that is not
// there: the server is always a Unix socket that does not exist, whatever
// the arguments say, so no input can reach a real hub.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/match.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/global_options.h"
#include "tools/casectl/parser.h"
#include "tests/fuzz/check.h"
#include "tests/fuzz/quiet_protobuf.h"

namespace casehub::casectl {
namespace {

// casectl's commands and spec, as Casectl builds them (app.cc), with the
// commands reachable so that they run against the unreachable server.
struct Cli {
  Cli() : commands(AllCommands()) {
    spec.program = "casectl";
    spec.global_options = GlobalOptionSpecs();
    for (const Command& command : commands) spec.commands.push_back(&command.spec);
  }
  std::vector<Command> commands;
  CliSpec spec;
};

std::string UnreachableServer() {
  const char* tmp = std::getenv("TMPDIR");
  return std::string("unix:") + (tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
         "/casectl-fuzz-no-hub.sock";
}

}  // namespace
}  // namespace casehub::casectl

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub::casectl;  // NOLINT: a fuzz entry point
  static const Cli* const cli = new Cli();
  static const std::string* const server = new std::string(UnreachableServer());
  if (size > 4096) return -1;

  const std::vector<std::string> parts =
      absl::StrSplit(absl::string_view(reinterpret_cast<const char*>(data), size), '\0');
  std::map<std::string, std::string> env;
  std::vector<std::string> args;
  for (const std::string& part : parts) {
    if (args.empty() && absl::StartsWith(part, "CASEHUB_") && part.find('=') != std::string::npos) {
      env[part.substr(0, part.find('='))] = part.substr(part.find('=') + 1);
    } else {
      args.push_back(part);
    }
  }
  const Environment environment = [&env](const std::string& name) -> std::optional<std::string> {
    const auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };

  const ParseResult result = ParseCommandLine(cli->spec, args, environment);
  if (const auto* usage = std::get_if<UsageError>(&result)) {
    FUZZ_CHECK(!usage->message.empty());
    FUZZ_CHECK(absl::StartsWith(usage->help_command, "casectl"));
    return 0;
  }
  if (std::holds_alternative<HelpRequest>(result)) return 0;

  const auto& invocation = std::get<Invocation>(result);
  FUZZ_CHECK(invocation.command < cli->commands.size());
  GlobalOptions globals = ReadGlobalOptions(invocation.globals, "");
  globals.server = *server;
  globals.timeout = absl::Seconds(1);
  // logout removes the token file and login writes it: never one of ours.
  globals.token_file = "/nonexistent/casectl-fuzz-token";
  const Connection connection(globals);
  std::ostringstream out;
  const CommandContext context{.arguments = invocation.arguments,
                               .options = invocation.options,
                               .globals = globals,
                               .connection = connection,
                               .out = out,
                               .read_secret = [](const std::string&) { return std::string(); }};
  const absl::Status status = cli->commands[invocation.command].run(context);
  // Nothing answers: a command either refuses its arguments first or fails
  // to reach the hub.
  FUZZ_CHECK(!status.ok());
  return 0;
}
