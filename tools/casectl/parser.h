// The command-line parser: turns arguments into a command to run, a help
// request, or a usage error, following a CliSpec.
//
// Options are long ("--name VALUE" or "--name=VALUE"). Global options may come
// before, between or after the command words; a command's own options come
// after its words. "--help", "-h" or a leading "help" word asks for help at the
// deepest level named; "--" ends option parsing.
#ifndef CASEHUB_TOOLS_CASECTL_PARSER_H_
#define CASEHUB_TOOLS_CASECTL_PARSER_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "tools/casectl/cli_spec.h"
#include "tools/casectl/option_values.h"

namespace casehub::casectl {

// Reads an environment variable; nullopt when unset. Injected so that tests do
// not depend on the process environment.
using Environment =
    std::function<std::optional<std::string>(const std::string& name)>;

struct Invocation {
  // Index into CliSpec::commands.
  size_t command = 0;
  std::vector<std::string> arguments;
  OptionValues options;
  OptionValues globals;
};

struct HelpRequest {
  std::string text;
};

struct UsageError {
  std::string message;
  // The command line that shows help where the error happened, e.g.
  // "casectl patients register --help".
  std::string help_command;
};

using ParseResult = std::variant<Invocation, HelpRequest, UsageError>;

ParseResult ParseCommandLine(const CliSpec& cli,
                             const std::vector<std::string>& args,
                             const Environment& env);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_PARSER_H_
