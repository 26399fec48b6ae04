// audit: who read or wrote patient data, by patient, by principal or by time.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

// Checked here so that the mistake is named as the options the user typed.
absl::Status CheckFilters(const OptionValues& options) {
  if (options.Has("patient") && options.Has("principal")) {
    return absl::InvalidArgumentError("give --patient or --principal, not both");
  }
  return absl::OkStatus();
}

absl::Status QueryAudit(const CommandContext& context) {
  const OptionValues& options = context.options;
  if (absl::Status filters = CheckFilters(options); !filters.ok()) return filters;
  v1::QueryAuditRequest request;
  request.set_patient_id(options.Text("patient"));
  request.set_principal_id(options.Text("principal"));
  if (options.Has("from")) *request.mutable_from() = ToTimestamp(options.Time("from"));
  if (options.Has("to")) *request.mutable_to() = ToTimestamp(options.Time("to"));
  request.set_emergency_only(options.Flag("emergency"));
  SetPage(options, request);
  return CallAndShow(
      context, &v1::AuditService::Stub::QueryAudit, request,
      [](const v1::QueryAuditResponse& response, std::ostream& out) {
        Table table({"TIME", "USER", "SITE", "ROLE", "METHOD", "PATIENT", "ACCESS", "ENTITY",
                     "OUTCOME", "REQUEST"});
        for (const v1::AuditRecord& record : response.records()) {
          table.AddRow({FormatTime(record.time()), record.principal_id(), record.site_id(),
                        EnumWord(record.role()), record.method(), record.patient_id(),
                        EnumWord(record.access_basis()), record.entity_id(),
                        record.outcome() == v1::AUDIT_OUTCOME_ALLOWED
                            ? EnumWord(record.outcome())
                            : absl::StrCat(EnumWord(record.outcome()), " (",
                                           record.status_code(), ")"),
                        record.request_id()});
        }
        table.Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

}  // namespace

std::vector<Command> AuditCommands() {
  return {
      {.spec = {.words = {"audit"},
                .summary = "Your site's audit trail (calls by its people and on its patients), "
                           "oldest first: of one patient, of one user, or all, optionally in a "
                           "time range; auditors only",
                .options = WithPageOptions({{.name = "patient",
                                             .value_name = "ID",
                                             .help = "Only calls concerning this patient"},
                                            {.name = "principal",
                                             .value_name = "ID",
                                             .help = "Only calls made by this principal"},
                                            {.name = "from",
                                             .kind = ValueKind::kTime,
                                             .value_name = "RFC3339",
                                             .help = "Only calls from this time on"},
                                            {.name = "to",
                                             .kind = ValueKind::kTime,
                                             .value_name = "RFC3339",
                                             .help = "Only calls before this time"},
                                            {.name = "emergency",
                                             .kind = ValueKind::kFlag,
                                             .help = "Only calls made under emergency access "
                                                     "(break the glass), for review"}})},
       .run = QueryAudit},
  };
}

}  // namespace casehub::casectl
