// Declarative description of a command line: the options and commands the
// parser accepts and the help text is generated from.
#ifndef CASEHUB_TOOLS_CASECTL_CLI_SPEC_H_
#define CASEHUB_TOOLS_CASECTL_CLI_SPEC_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace casehub::casectl {

// How an option's text is checked and converted.
enum class ValueKind {
  kFlag,     // takes no value; "--name=false" is accepted too
  kText,     // any text, or one of `choices` when they are given
  kInteger,  // whole number in [min, max]
  kNumber,   // finite decimal number
  kTime,     // RFC 3339 timestamp, or "now"
};

// Every member has a default initializer, so that specs written with
// designated initializers can leave out what they do not need.
struct OptionSpec {
  // Long name without the leading "--".
  std::string name{};
  ValueKind kind = ValueKind::kText;
  // Placeholder shown in help, e.g. "ID"; when empty, the choices joined by |.
  std::string value_name{};
  std::string help{};
  bool required = false;
  // May be given more than once, each value kept in order (read them with
  // OptionValues::Texts; text options only). Of any other option given more
  // than once, the last counts.
  bool repeatable = false;
  // When the option is not given: these environment variables in order (empty
  // ones count as unset), then `default_value` unless it is empty.
  std::vector<std::string> env{};
  std::string default_value{};
  std::vector<std::string> choices{};
  int64_t min = 0;
  int64_t max = std::numeric_limits<int64_t>::max();
};

struct CommandSpec {
  // The words that name the command, e.g. {"patients", "register"}.
  std::vector<std::string> words{};
  // Names of the required positional arguments, e.g. {"ID"}.
  std::vector<std::string> arguments{};
  // The last argument may be given more than once (at least once), e.g.
  // KEY=VALUE pairs; the command reads them all from its arguments.
  bool last_argument_repeats = false;
  // One line, shown in command lists and atop the command's help.
  std::string summary{};
  std::vector<OptionSpec> options{};

  // Whether `prefix` is the command's words or a beginning of them.
  bool BeginsWith(const std::vector<std::string>& prefix) const;
};

struct CliSpec {
  std::string program{};
  // One line, atop the top-level help.
  std::string about{};
  // Accepted anywhere on the line. Their names must differ from every
  // command's options, so that an option means one thing wherever it goes.
  std::vector<OptionSpec> global_options{};
  std::vector<const CommandSpec*> commands{};
};

// The option called `name`, or null.
const OptionSpec* FindOption(const std::vector<OptionSpec>& options,
                             absl::string_view name);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_CLI_SPEC_H_
