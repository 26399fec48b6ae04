#include "tools/casectl/app.h"

#include <cstdlib>
#include <variant>

#include "absl/status/status.h"
#include "services/common/secret_input.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/connection.h"
#include "tools/casectl/global_options.h"

namespace casehub::casectl {

Casectl::Casectl()
    : commands_(AllCommands()),
      spec_{.program = "casectl",
            .about = "command-line client of the casehub server",
            .global_options = GlobalOptionSpecs()} {
  for (const Command& command : commands_) {
    spec_.commands.push_back(&command.spec);
  }
}

ParseResult Casectl::Parse(const std::vector<std::string>& args,
                           const Environment& env) const {
  return ParseCommandLine(spec_, args, env);
}

int Casectl::Run(const std::vector<std::string>& args, const Environment& env,
                 std::ostream& out, std::ostream& err) const {
  const ParseResult result = Parse(args, env);
  if (const auto* help = std::get_if<HelpRequest>(&result)) {
    out << help->text;
    return kExitSuccess;
  }
  if (const auto* usage = std::get_if<UsageError>(&result)) {
    err << spec_.program << ": " << usage->message << "\nRun '"
        << usage->help_command << "' for usage.\n";
    return kExitUsage;
  }
  const auto& invocation = std::get<Invocation>(result);
  const GlobalOptions globals =
      ReadGlobalOptions(invocation.globals, env("HOME").value_or(""));
  const Connection connection(globals);
  const CommandContext context{.arguments = invocation.arguments,
                               .options = invocation.options,
                               .globals = globals,
                               .connection = connection,
                               .out = out,
                               .read_secret = ReadSecretLine};
  const absl::Status status = commands_[invocation.command].run(context);
  if (!status.ok()) {
    err << spec_.program << ": " << absl::StatusCodeToString(status.code())
        << ": " << status.message() << '\n';
    return kExitFailure;
  }
  return kExitSuccess;
}

Environment ProcessEnvironment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

}  // namespace casehub::casectl
