// login, logout, whoami: who casectl calls as. login saves the hub's token in
// the token file (readable by you alone); every later call sends it.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "casehub/v1/auth.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

absl::Status SaveToken(const std::string& path, const std::string& token) {
  std::error_code error;
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot write the token file ", path, ": ", std::strerror(errno)));
  }
  // An existing file keeps its mode through O_CREAT: make it private.
  fchmod(fd, 0600);
  std::string line = token + "\n";
  bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  close(fd);
  if (!written) return absl::FailedPreconditionError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

absl::Status Login(const CommandContext& context) {
  v1::LoginRequest request;
  request.set_principal_id(context.options.Text("user"));
  request.set_password(context.read_secret(absl::StrCat("password for ", request.principal_id(), ": ")));
  v1::LoginResponse response;
  if (absl::Status status = context.connection.Call(&v1::AuthService::Stub::Login, request,
                                                    &response);
      !status.ok()) {
    return status;
  }
  if (absl::Status saved = SaveToken(context.globals.token_file, response.token()); !saved.ok()) {
    return saved;
  }
  return Show(context, response.principal(), [&](std::ostream& out) {
    out << "logged in as " << response.principal().id() << " ("
        << RoleList(response.principal()) << ") at " << response.principal().site_id()
        << " until " << FormatTime(response.expires_at()) << "\n";
  });
}

absl::Status Logout(const CommandContext& context) {
  v1::LogoutResponse response;
  absl::Status status =
      context.connection.Call(&v1::AuthService::Stub::Logout, v1::LogoutRequest(), &response);
  // The file goes either way: a refused token is no use to keep.
  std::error_code error;
  std::filesystem::remove(context.globals.token_file, error);
  if (!status.ok() && status.code() != absl::StatusCode::kUnauthenticated) return status;
  context.out << "logged out\n";
  return absl::OkStatus();
}

absl::Status WhoAmI(const CommandContext& context) {
  return CallAndShow(context, &v1::AuthService::Stub::WhoAmI, v1::WhoAmIRequest(),
                     [](const v1::WhoAmIResponse& me, std::ostream& out) {
                       Table table;
                       table.AddRow({"Principal", me.principal().id()});
                       table.AddRow({"Name", me.principal().display_name()});
                       table.AddRow({"Site", me.principal().site_id()});
                       table.AddRow({"Roles", RoleList(me.principal())});
                       table.AddRow({"Token expires", me.has_token_expires_at()
                                                          ? FormatTime(me.token_expires_at())
                                                          : "(client certificate)"});
                       table.Print(out);
                     });
}

}  // namespace

std::vector<Command> AuthCommands() {
  return {
      {.spec = {.words = {"login"},
                .summary = "Log in (the password is read from the terminal or standard input) "
                           "and save the token for later calls",
                .options = {{.name = "user",
                             .value_name = "ID",
                             .help = "Your principal id",
                             .required = true,
                             .env = {"CASEHUB_USER"}}}},
       .run = Login},
      {.spec = {.words = {"logout"}, .summary = "Revoke the saved token and delete it"},
       .run = Logout},
      {.spec = {.words = {"whoami"}, .summary = "Show who the saved token is for"},
       .run = WhoAmI},
  };
}

}  // namespace casehub::casectl
