// casectl as a whole: its command line and what each outcome prints and
// exits with. Arguments, environment and streams are passed in, so tests can
// run it as main() does.
#ifndef CASEHUB_TOOLS_CASECTL_APP_H_
#define CASEHUB_TOOLS_CASECTL_APP_H_

#include <ostream>
#include <string>
#include <vector>

#include "tools/casectl/cli_spec.h"
#include "tools/casectl/command.h"
#include "tools/casectl/parser.h"

namespace casehub::casectl {

inline constexpr int kExitSuccess = 0;
// The call failed, or succeeded but found problems (admin verify).
inline constexpr int kExitFailure = 1;
// The command line is wrong; nothing was sent.
inline constexpr int kExitUsage = 2;

class Casectl {
 public:
  Casectl();
  // spec_ points into commands_.
  Casectl(const Casectl&) = delete;
  Casectl& operator=(const Casectl&) = delete;

  const CliSpec& spec() const { return spec_; }

  ParseResult Parse(const std::vector<std::string>& args,
                    const Environment& env) const;

  // Parses, runs the command and returns the exit code.
  int Run(const std::vector<std::string>& args, const Environment& env,
          std::ostream& out, std::ostream& err) const;

 private:
  std::vector<Command> commands_;
  CliSpec spec_;
};

// The process environment, through getenv.
Environment ProcessEnvironment();

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_APP_H_
