// What a casectl command is (its spec plus the code that runs it), the context
// that code runs in, and how a command shows a response.
#ifndef CASEHUB_TOOLS_CASECTL_COMMAND_H_
#define CASEHUB_TOOLS_CASECTL_COMMAND_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "google/protobuf/message.h"
#include "tools/casectl/cli_spec.h"
#include "tools/casectl/connection.h"
#include "tools/casectl/global_options.h"
#include "tools/casectl/option_values.h"

namespace casehub::casectl {

// Reads a secret (a password) after showing `prompt`.
using SecretReader = std::function<std::string(const std::string& prompt)>;

struct CommandContext {
  const std::vector<std::string>& arguments;
  const OptionValues& options;
  const GlobalOptions& globals;
  const Connection& connection;
  std::ostream& out;
  // The terminal without echo, or standard input (services/common).
  SecretReader read_secret;
};

// Returns the failure to report; casectl then exits with status 1.
using CommandHandler = std::function<absl::Status(const CommandContext&)>;

struct Command {
  CommandSpec spec{};
  CommandHandler run{};
};

// Prints `response` as JSON under --json, otherwise as `print_text` writes it.
absl::Status Show(const CommandContext& context,
                  const google::protobuf::Message& response,
                  absl::FunctionRef<void(std::ostream&)> print_text);

// Makes one call and shows its response; `print_text` is called as
// print_text(response, out) when the response is shown as text.
template <typename Stub, typename Request, typename Response,
          typename PrintText>
absl::Status CallAndShow(const CommandContext& context,
                         UnaryMethod<Stub, Request, Response> method,
                         const Request& request, PrintText print_text) {
  Response response;
  if (absl::Status status = context.connection.Call(method, request, &response);
      !status.ok()) {
    return status;
  }
  return Show(context, response,
              [&](std::ostream& out) { print_text(response, out); });
}

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_COMMAND_H_
