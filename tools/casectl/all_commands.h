// Every casectl command, one factory per resource it works on.
#ifndef CASEHUB_TOOLS_CASECTL_ALL_COMMANDS_H_
#define CASEHUB_TOOLS_CASECTL_ALL_COMMANDS_H_

#include <vector>

#include "tools/casectl/command.h"

namespace casehub::casectl {

std::vector<Command> AuthCommands();
std::vector<Command> PrincipalCommands();
std::vector<Command> SiteCommands();
std::vector<Command> PatientCommands();
std::vector<Command> IdentityCommands();
std::vector<Command> CaseCommands();
std::vector<Command> ReferralCommands();
std::vector<Command> LabCommands();
std::vector<Command> ChemoCommands();
std::vector<Command> TaskCommands();
std::vector<Command> AlertCommands();
std::vector<Command> ReportCommands();
std::vector<Command> AuditCommands();
std::vector<Command> PluginCommands();
std::vector<Command> AdminCommands();

// All of the above, in the order help lists them.
std::vector<Command> AllCommands();

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_ALL_COMMANDS_H_
