#include "tools/casectl/command.h"

#include "tools/casectl/json.h"

namespace casehub::casectl {

absl::Status Show(const CommandContext& context,
                  const google::protobuf::Message& response,
                  absl::FunctionRef<void(std::ostream&)> print_text) {
  if (context.globals.json) return PrintJson(response, context.out);
  print_text(context.out);
  return absl::OkStatus();
}

}  // namespace casehub::casectl
