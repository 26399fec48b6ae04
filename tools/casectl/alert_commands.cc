// alerts list, ack, intervene, close, watch: the closed loop of a site's
// alerts (raise -> acknowledge -> intervene -> close).
#include <cstdint>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

using google::protobuf::Timestamp;

std::string Escalation(const v1::Alert& alert) {
  if (alert.escalation_level() == 0) return "";
  const std::string role = EnumWord(alert.escalate_to_role());
  return role.empty()
             ? FormatTime(alert.escalated_at())
             : absl::StrCat(FormatTime(alert.escalated_at()), " to ", role);
}

void PrintAlert(const v1::Alert& alert, std::ostream& out) {
  Table table;
  table.AddRow({"Alert", alert.id()});
  table.AddRow({"Patient", alert.patient_id()});
  table.AddRow({"Case", alert.case_id()});
  table.AddRow({"Site", alert.site_id()});
  table.AddRow({"Kind", alert.kind()});
  table.AddRow({"Message", alert.message()});
  table.AddRow({"Status", AlertState(alert)});
  table.AddRow({"Raised", Step(alert.raised_at(), alert.raised_by_plugin())});
  table.AddRow({"Acknowledge by", FormatTime(alert.acknowledge_by())});
  table.AddRow({"Escalated", Escalation(alert)});
  table.AddRow({"Acknowledged", Step(alert.acknowledged_at(),
                                     ActorName(alert.acknowledged_by()))});
  table.AddRow({"Intervened",
                Step(alert.intervened_at(), ActorName(alert.intervened_by()))});
  table.AddRow({"Intervention", alert.intervention()});
  table.AddRow(
      {"Closed", Step(alert.closed_at(), ActorName(alert.closed_by()))});
  table.AddRow({"Closing note", alert.closing_note()});
  table.Print(out);
}

// When the alert took its latest step, which is the step an update reports.
const Timestamp& LatestStep(const v1::Alert& alert) {
  const Timestamp* latest = &alert.raised_at();
  for (const Timestamp* step : {&alert.acknowledged_at(), &alert.escalated_at(),
                                &alert.intervened_at(), &alert.closed_at()}) {
    if (std::pair(step->seconds(), step->nanos()) >
        std::pair(latest->seconds(), latest->nanos())) {
      latest = step;
    }
  }
  return *latest;
}

absl::Status ListAlerts(const CommandContext& context) {
  v1::ListAlertsRequest request;
  request.set_site_id(context.options.Text("at"));
  SetPage(context.options, request);
  return CallAndShow(
      context, &v1::AlertService::Stub::ListAlerts, request,
      [](const v1::ListAlertsResponse& response, std::ostream& out) {
        Table table(
            {"ID", "RAISED", "PATIENT", "KIND", "STATUS", "ACK BY", "MESSAGE"});
        for (const v1::Alert& alert : response.alerts()) {
          table.AddRow({alert.id(), FormatTime(alert.raised_at()),
                        alert.patient_id(), alert.kind(), AlertState(alert),
                        FormatTime(alert.acknowledge_by()), alert.message()});
        }
        table.Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

absl::Status AcknowledgeAlert(const CommandContext& context) {
  v1::AcknowledgeAlertRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_alert_id(context.arguments[0]);
  request.set_note(context.options.Text("note"));
  return CallAndShow(context, &v1::AlertService::Stub::AcknowledgeAlert,
                     request, PrintAlert);
}

absl::Status RecordIntervention(const CommandContext& context) {
  v1::RecordAlertInterventionRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_alert_id(context.arguments[0]);
  request.set_intervention(context.options.Text("intervention"));
  return CallAndShow(context, &v1::AlertService::Stub::RecordAlertIntervention,
                     request, PrintAlert);
}

absl::Status CloseAlert(const CommandContext& context) {
  v1::CloseAlertRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_alert_id(context.arguments[0]);
  request.set_closing_note(context.options.Text("note"));
  return CallAndShow(context, &v1::AlertService::Stub::CloseAlert, request,
                     PrintAlert);
}

absl::Status WatchAlerts(const CommandContext& context) {
  v1::WatchAlertsRequest request;
  request.set_site_id(context.options.Text("at"));
  request.set_after_cursor(context.options.Text("after"));
  const bool counted = context.options.Has("count");
  int64_t left = context.options.Integer("count");
  absl::Status shown;
  const absl::Status status = context.connection.Stream(
      &v1::AlertService::Stub::WatchAlerts, request,
      [&](const v1::AlertUpdate& update) {
        shown = Show(context, update, [&update](std::ostream& out) {
          const v1::Alert& alert = update.alert();
          // A one-row table: line breaks in the message cannot split it.
          Table line;
          line.AddRow({update.cursor(), FormatTime(LatestStep(alert)),
                       alert.id(), AlertState(alert), alert.message()});
          line.Print(out);
        });
        // Whoever reads a pipe sees each update as it arrives.
        context.out.flush();
        return shown.ok() && !(counted && --left == 0);
      });
  return shown.ok() ? status : shown;
}

}  // namespace

std::vector<Command> AlertCommands() {
  return {
      {.spec = {.words = {"alerts", "list"},
                .summary = "List a site's open alerts, oldest first",
                .options = WithPageOptions(
                    {{.name = "at",
                      .value_name = "SITE",
                      .help = "Site that handles the alerts (default: the "
                              "caller's site)"}})},
       .run = ListAlerts},
      {.spec = {.words = {"alerts", "ack"},
                .arguments = {"ID"},
                .summary = "Acknowledge an alert",
                .options = WithWriteOptions(
                    {{.name = "note",
                      .value_name = "TEXT",
                      .help = "E.g. the read-back of the value"}},
                    VersionCheck::kOptional)},
       .run = AcknowledgeAlert},
      {.spec = {.words = {"alerts", "intervene"},
                .arguments = {"ID"},
                .summary = "Record what was done about an alert",
                .options =
                    WithWriteOptions({{.name = "intervention",
                                       .value_name = "TEXT",
                                       .help = "What was done (order, plan)",
                                       .required = true}},
                                     VersionCheck::kOptional)},
       .run = RecordIntervention},
      {.spec = {.words = {"alerts", "close"},
                .arguments = {"ID"},
                .summary = "Close an alert",
                .options = WithWriteOptions(
                    {{.name = "note",
                      .value_name = "TEXT",
                      .help = "How it ended, e.g. the progress-note entry"}},
                    VersionCheck::kOptional)},
       .run = CloseAlert},
      {.spec = {.words = {"alerts", "watch"},
                .summary = "Print every change to a site's alerts as it "
                           "happens, until interrupted",
                .options = {{.name = "at",
                             .value_name = "SITE",
                             .help = "Site whose alerts to watch (default: "
                                     "the caller's site)"},
                            {.name = "after",
                             .value_name = "CURSOR",
                             .help = "Resume after this cursor, taken from "
                                     "a printed update (default: from now "
                                     "on)"},
                            {.name = "count",
                             .kind = ValueKind::kInteger,
                             .value_name = "N",
                             .help = "Stop after N updates",
                             .min = 1}}},
       .run = WatchAlerts},
  };
}

}  // namespace casehub::casectl
