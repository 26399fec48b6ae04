// principals create | list | update | password | revoke: the people and
// integration accounts of a site, for its administrators.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "casehub/v1/principal.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

// "nurse,case_manager" -> the roles; INVALID_ARGUMENT naming a wrong word.
absl::Status AddRoles(const std::string& words,
                      google::protobuf::RepeatedField<int>* roles) {
  for (absl::string_view word : absl::StrSplit(words, ',', absl::SkipEmpty())) {
    v1::Role role = ParseEnumWord<v1::Role>(std::string(word));
    if (role == v1::ROLE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--roles: '", word, "' is not one of ", absl::StrJoin(EnumWords<v1::Role>(), ", ")));
    }
    roles->Add(role);
  }
  return absl::OkStatus();
}

Table PrincipalTable() {
  return Table({"ID", "NAME", "SITE", "ROLES", "CERTIFICATE", "DISABLED"});
}

void AddPrincipal(const v1::Principal& principal, Table& table) {
  table.AddRow({principal.id(), principal.display_name(), principal.site_id(),
                RoleList(principal),
                principal.certificate_subject(), principal.disabled() ? "yes" : ""});
}

void PrintPrincipal(const v1::Principal& principal, std::ostream& out) {
  Table table = PrincipalTable();
  AddPrincipal(principal, table);
  table.Print(out);
}

absl::Status Create(const CommandContext& context) {
  v1::CreatePrincipalRequest request;
  v1::Principal& principal = *request.mutable_principal();
  principal.set_id(context.arguments[0]);
  principal.set_display_name(context.options.Text("name"));
  principal.set_site_id(context.options.Text("site"));
  principal.set_certificate_subject(context.options.Text("certificate"));
  if (absl::Status roles = AddRoles(context.options.Text("roles"), principal.mutable_roles());
      !roles.ok()) {
    return roles;
  }
  if (principal.certificate_subject().empty()) {
    request.set_initial_password(
        context.read_secret(absl::StrCat("initial password for ", principal.id(), ": ")));
  }
  return CallAndShow(context, &v1::PrincipalService::Stub::CreatePrincipal, request,
                     PrintPrincipal);
}

absl::Status List(const CommandContext& context) {
  v1::ListPrincipalsRequest request;
  request.set_site_id(context.options.Text("at"));
  return CallAndShow(context, &v1::PrincipalService::Stub::ListPrincipals, request,
                     [](const v1::ListPrincipalsResponse& response, std::ostream& out) {
                       Table table = PrincipalTable();
                       for (const v1::Principal& principal : response.principals()) {
                         AddPrincipal(principal, table);
                       }
                       table.Print(out);
                     });
}

absl::Status Update(const CommandContext& context) {
  v1::UpdatePrincipalRequest request;
  request.set_principal_id(context.arguments[0]);
  request.set_display_name(context.options.Text("name"));
  if (absl::Status roles = AddRoles(context.options.Text("roles"), request.mutable_roles());
      !roles.ok()) {
    return roles;
  }
  if (context.options.Flag("disable") && context.options.Flag("enable")) {
    return absl::InvalidArgumentError("--disable and --enable exclude each other");
  }
  if (context.options.Flag("disable")) request.set_disabled(true);
  if (context.options.Flag("enable")) request.set_disabled(false);
  return CallAndShow(context, &v1::PrincipalService::Stub::UpdatePrincipal, request,
                     PrintPrincipal);
}

absl::Status Password(const CommandContext& context) {
  v1::SetPasswordRequest request;
  request.set_principal_id(context.arguments[0]);
  if (context.options.Flag("own")) {
    request.set_current_password(context.read_secret("current password: "));
  }
  request.set_new_password(context.read_secret("new password: "));
  return CallAndShow(context, &v1::PrincipalService::Stub::SetPassword, request, PrintPrincipal);
}

absl::Status Revoke(const CommandContext& context) {
  v1::RevokeTokensRequest request;
  request.set_principal_id(context.arguments[0]);
  return CallAndShow(context, &v1::PrincipalService::Stub::RevokeTokens, request,
                     PrintPrincipal);
}

}  // namespace

std::vector<Command> PrincipalCommands() {
  const OptionSpec roles{.name = "roles",
                         .value_name = "ROLE[,ROLE]",
                         .help = absl::StrCat("Comma-separated: ",
                                              absl::StrJoin(EnumWords<v1::Role>(), ", "))};
  OptionSpec required_roles = roles;
  required_roles.required = true;
  return {
      {.spec = {.words = {"principals", "create"},
                .arguments = {"ID"},
                .summary = "Create a person or integration account (a password is read unless "
                           "--certificate is given)",
                .options = {{.name = "site",
                             .value_name = "ID",
                             .help = "The site it acts for",
                             .required = true},
                            required_roles,
                            {.name = "name", .value_name = "TEXT", .help = "Display name",
                             .required = true},
                            {.name = "certificate",
                             .value_name = "CN",
                             .help = "Common name of the TLS client certificate that "
                                     "authenticates it (integrations)"}}},
       .run = Create},
      {.spec = {.words = {"principals", "list"},
                .summary = "List a site's principals",
                .options = {{.name = "at",
                             .value_name = "SITE",
                             .help = "The site; your own when omitted"}}},
       .run = List},
      {.spec = {.words = {"principals", "update"},
                .arguments = {"ID"},
                .summary = "Change roles or name, disable or enable (a change of roles or "
                           "disabling refuses the tokens issued so far)",
                .options = {roles,
                            {.name = "name", .value_name = "TEXT", .help = "New display name"},
                            {.name = "disable", .kind = ValueKind::kFlag,
                             .help = "Refuse its logins and tokens"},
                            {.name = "enable", .kind = ValueKind::kFlag,
                             .help = "Allow it again"}}},
       .run = Update},
      {.spec = {.words = {"principals", "password"},
                .arguments = {"ID"},
                .summary = "Set a password (read from the terminal or standard input); every "
                           "earlier token is refused",
                .options = {{.name = "own", .kind = ValueKind::kFlag,
                             .help = "It is your own: the current password is read first"}}},
       .run = Password},
      {.spec = {.words = {"principals", "revoke"},
                .arguments = {"ID"},
                .summary = "Refuse every token issued to the principal so far"},
       .run = Revoke},
  };
}

}  // namespace casehub::casectl
