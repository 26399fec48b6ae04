#include "tools/casectl/all_commands.h"

#include <iterator>

namespace casehub::casectl {

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  for (auto* group :
       {AuthCommands, SiteCommands, PatientCommands, IdentityCommands, CaseCommands, ReferralCommands, LabCommands, ChemoCommands,
        TaskCommands, AlertCommands, ReportCommands, AuditCommands, PluginCommands,
        PrincipalCommands, AdminCommands}) {
    std::vector<Command> commands = group();
    all.insert(all.end(), std::make_move_iterator(commands.begin()),
               std::make_move_iterator(commands.end()));
  }
  return all;
}

}  // namespace casehub::casectl
