// report myelo: the myelosuppression indicators of a site and period, with
// the items behind each figure so a center can audit it.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/v1/report.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

std::string ItemIds(const google::protobuf::RepeatedPtrField<v1::IndicatorItem>& items) {
  std::vector<std::string> ids;
  for (const v1::IndicatorItem& item : items) ids.push_back(item.id());
  return ids.empty() ? "-" : absl::StrJoin(ids, " ");
}

void PrintReport(const v1::MyeloReport& report, bool with_items, std::ostream& out) {
  out << "Myelosuppression indicators, site " << report.site_id() << ", "
      << report.from_date() << " to " << report.to_date()
      << (report.tumor_type().empty() ? "" : absl::StrCat(", ", report.tumor_type())) << "\n\n";
  Table table({"INDICATOR", "N", "D", "RATE", "NUMERATOR / DENOMINATOR"});
  for (const v1::Indicator& indicator : report.indicators()) {
    table.AddRow({indicator.name(), absl::StrCat(indicator.numerator()),
                  absl::StrCat(indicator.denominator()),
                  indicator.has_rate() ? absl::StrCat(FormatNumber(indicator.rate() * 100), "%")
                                       : "-",
                  absl::StrCat(indicator.numerator_definition(), " / ",
                               indicator.denominator_definition())});
  }
  table.Print(out);
  out << "\nMedian time to acknowledge a critical value: "
      << (report.has_median_minutes_to_acknowledge()
              ? absl::StrCat(FormatNumber(report.median_minutes_to_acknowledge()), " min")
              : "-")
      << "\n";
  if (!with_items) return;
  Table items({"INDICATOR", "NUMERATOR ITEMS", "DENOMINATOR ITEMS"});
  for (const v1::Indicator& indicator : report.indicators()) {
    items.AddRow({indicator.id(), ItemIds(indicator.numerator_items()),
                  ItemIds(indicator.denominator_items())});
  }
  PrintSection(out, "ITEMS", items);
}

absl::Status MyeloReport(const CommandContext& context) {
  v1::MyeloReportRequest request;
  request.set_from_date(context.options.Text("from"));
  request.set_to_date(context.options.Text("to"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  const bool with_items = context.options.Flag("items");
  return CallAndShow(context, &v1::ReportService::Stub::GetMyeloReport, request,
                     [with_items](const v1::MyeloReport& report, std::ostream& out) {
                       PrintReport(report, with_items, out);
                     });
}

}  // namespace

std::vector<Command> ReportCommands() {
  return {
      {.spec = {.words = {"report", "myelo"},
                .summary = "Myelosuppression indicators of the site you act for "
                           "(--site) over a period",
                .options = {{.name = "from",
                             .value_name = "YYYY-MM-DD",
                             .help = "First day of the period",
                             .required = true},
                            {.name = "to",
                             .value_name = "YYYY-MM-DD",
                             .help = "Last day of the period",
                             .required = true},
                            {.name = "tumor-type",
                             .value_name = "TYPE",
                             .help = "Only cases of this tumor type"},
                            {.name = "items",
                             .kind = ValueKind::kFlag,
                             .help = "Also list the cycles and alerts behind each figure"}}},
       .run = MyeloReport},
  };
}

}  // namespace casehub::casectl
