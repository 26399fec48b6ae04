// patients find | link | merge | unlink: one person with records at several
// sites — the master patient index.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

absl::Status Find(const CommandContext& context) {
  v1::FindPatientsRequest request;
  request.set_national_id(context.options.Text("national-id"));
  request.set_name(context.options.Text("name"));
  request.set_birth_date(context.options.Text("birth-date"));
  request.set_phone(context.options.Text("phone"));
  return CallAndShow(
      context, &v1::PatientService::Stub::FindPatients, request,
      [](const v1::FindPatientsResponse& response, std::ostream& out) {
        Table table({"ID", "MATCH", "SITE", "NAME", "SEX", "BORN", "YOURS"});
        for (const v1::PatientMatch& match : response.matches()) {
          table.AddRow({match.patient_id(), EnumWord(match.basis()), match.registering_site_id(),
                        match.patient().name(), EnumWord(match.patient().sex()),
                        match.patient().birth_date(),
                        match.reachable() ? "yes" : "no: ask for a referral"});
        }
        table.Print(out);
      });
}

void PrintRecord(const v1::PatientView& view, std::ostream& out) {
  const v1::Patient& patient = view.state().patient();
  out << "Patient " << patient.id() << " (" << patient.name() << ")";
  if (!patient.merged_into().empty()) out << " is merged into " << patient.merged_into();
  out << "; linked records:";
  for (const v1::PatientLink& link : view.state().links()) {
    out << " " << link.other_patient_id() << " (" << EnumWord(link.mode()) << ")";
  }
  out << "\n";
}

CommandHandler Link(v1::LinkMode mode) {
  return [mode](const CommandContext& context) {
    v1::LinkPatientsRequest request;
    *request.mutable_meta() = RequestMetaFromOptions(context.options);
    request.set_patient_id(context.arguments[0]);
    request.set_other_patient_id(context.arguments[1]);
    request.set_mode(mode);
    request.set_reason(context.options.Text("reason"));
    return CallAndShow(context, &v1::PatientService::Stub::LinkPatients, request, PrintRecord);
  };
}

absl::Status Unlink(const CommandContext& context) {
  v1::UnlinkPatientsRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_patient_id(context.arguments[0]);
  request.set_other_patient_id(context.arguments[1]);
  request.set_reason(context.options.Text("reason"));
  return CallAndShow(context, &v1::PatientService::Stub::UnlinkPatients, request, PrintRecord);
}

std::vector<OptionSpec> ReasonOption() {
  return WithWriteOptions({{.name = "reason",
                            .value_name = "TEXT",
                            .help = "Why, for the record (10-500 characters)",
                            .required = true}},
                          VersionCheck::kNotApplicable);
}

}  // namespace

std::vector<Command> IdentityCommands() {
  return {
      {.spec = {.words = {"patients", "find"},
                .summary = "Find one person's records across the network: by national id, or "
                           "by birth date with a name or a phone",
                .options = {{.name = "national-id", .value_name = "ID",
                             .help = "Resident identity card number"},
                            {.name = "name", .value_name = "NAME", .help = "Full name"},
                            {.name = "birth-date", .value_name = "YYYY-MM-DD",
                             .help = "Date of birth"},
                            {.name = "phone", .value_name = "PHONE", .help = "Phone number"}}},
       .run = Find},
      {.spec = {.words = {"patients", "link"},
                .arguments = {"ID", "OTHER"},
                .summary = "Record that two records (e.g. at two sites) are the same person; "
                           "both stay in use",
                .options = ReasonOption()},
       .run = Link(v1::LINK_MODE_LINK)},
      {.spec = {.words = {"patients", "merge"},
                .arguments = {"DUPLICATE", "INTO"},
                .summary = "Merge a duplicate record (nothing open on it) into the record that "
                           "stays; undo with unlink",
                .options = ReasonOption()},
       .run = Link(v1::LINK_MODE_MERGE)},
      {.spec = {.words = {"patients", "unlink"},
                .arguments = {"ID", "OTHER"},
                .summary = "Undo a link or a merge of two records",
                .options = ReasonOption()},
       .run = Unlink},
  };
}

}  // namespace casehub::casectl
