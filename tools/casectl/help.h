// Help text generated from a CliSpec, so that it always matches what the
// parser accepts.
#ifndef CASEHUB_TOOLS_CASECTL_HELP_H_
#define CASEHUB_TOOLS_CASECTL_HELP_H_

#include <string>
#include <vector>

#include "tools/casectl/cli_spec.h"

namespace casehub::casectl {

// Help for the level that `words` name: the whole program when empty, one
// command when they name it, otherwise the commands they begin (a group such
// as "patients"). `words` must name a command or begin one.
std::string HelpText(const CliSpec& cli, const std::vector<std::string>& words);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_HELP_H_
