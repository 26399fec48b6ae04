// admin verify, admin backup: operator checks and copies of the store.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/admin.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

void PrintVerification(const v1::VerifyResponse& response, std::ostream& out) {
  Table counts;
  counts.AddRow(
      {"Patients checked", absl::StrCat(response.patients_checked())});
  counts.AddRow({"Events checked", absl::StrCat(response.events_checked())});
  counts.AddRow({"Index entries checked",
                 absl::StrCat(response.index_entries_checked())});
  counts.AddRow({"Problems", absl::StrCat(response.problems_size())});
  counts.Print(out);
  for (const std::string& problem : response.problems()) {
    out << "  " << problem << '\n';
  }
}

absl::Status Verify(const CommandContext& context) {
  v1::VerifyResponse response;
  absl::Status status = context.connection.Call(&v1::AdminService::Stub::Verify,
                                                v1::VerifyRequest(), &response);
  if (!status.ok()) return status;
  status = Show(context, response, [&response](std::ostream& out) {
    PrintVerification(response, out);
  });
  // Stored state that the event log does not rebuild is corrupt: fail.
  if (status.ok() && response.problems_size() > 0) {
    return absl::DataLossError(
        absl::StrCat(response.problems_size(),
                     " problem(s) between the store and the event log"));
  }
  return status;
}

absl::Status Backup(const CommandContext& context) {
  v1::BackupRequest request;
  request.set_destination_dir(context.options.Text("to"));
  return CallAndShow(context, &v1::AdminService::Stub::Backup, request,
                     [](const v1::BackupResponse& response, std::ostream& out) {
                       Table table;
                       table.AddRow({"Backup written to", response.destination_dir()});
                       table.AddRow({"Holds writes up to sequence",
                                     absl::StrCat(response.sequence_number())});
                       table.Print(out);
                     });
}

}  // namespace

std::vector<Command> AdminCommands() {
  return {
      {.spec = {.words = {"admin", "verify"},
                .summary = "Check stored state against the event log"},
       .run = Verify},
      {.spec = {.words = {"admin", "backup"},
                .summary = "Copy the live store to a directory on the hub's machine",
                .options = {{.name = "to",
                             .value_name = "DIR",
                             .help = "Absolute path on the hub's machine; absent or empty",
                             .required = true}}},
       .run = Backup},
  };
}

}  // namespace casehub::casectl
