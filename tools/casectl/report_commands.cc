// report myelo, report indicators: the indicators of a site and period, with
// the items behind each figure so a center can audit it; report items: one
// indicator's items a page at a time; report network.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "casehub/v1/report.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

using Indicators = google::protobuf::RepeatedPtrField<v1::Indicator>;

bool IsMedian(const v1::Indicator& indicator) {
  return indicator.kind() == v1::INDICATOR_KIND_MEDIAN;
}

// "28.6%" for a rate, "12 days" for a median; empty when nothing counted.
std::string Result(const v1::Indicator& indicator) {
  if (IsMedian(indicator)) {
    if (!indicator.has_median()) return "";
    const std::string median = FormatNumber(indicator.median());
    return indicator.unit().empty()
               ? median
               : absl::StrCat(median, " ", indicator.unit());
  }
  // A percentage to one decimal, as the medians are recorded.
  return indicator.has_rate()
             ? absl::StrCat(FormatNumber(std::round(indicator.rate() * 1000) / 10), "%")
             : "";
}

// A median has no numerator: its items are the denominator.
Table IndicatorTable(const Indicators& indicators) {
  Table table({"INDICATOR", "N", "D", "RESULT", "DEFINITION"});
  for (const v1::Indicator& indicator : indicators) {
    const bool median = IsMedian(indicator);
    table.AddRow(
        {indicator.name(), median ? "" : absl::StrCat(indicator.numerator()),
         absl::StrCat(indicator.denominator()), Result(indicator),
         median ? indicator.denominator_definition()
                : absl::StrCat(indicator.numerator_definition(), " / ",
                               indicator.denominator_definition())});
  }
  return table;
}

// Item ids, each with its value when it has one: "P1-c1=12 P2-c1=30".
std::string ItemList(
    const google::protobuf::RepeatedPtrField<v1::IndicatorItem>& items) {
  std::vector<std::string> shown;
  for (const v1::IndicatorItem& item : items) {
    shown.push_back(item.has_value()
                        ? absl::StrCat(item.id(), "=",
                                       FormatNumber(item.value()))
                        : item.id());
  }
  return absl::StrJoin(shown, " ");
}

Table ItemTable(const Indicators& indicators) {
  Table table({"INDICATOR", "NUMERATOR ITEMS", "DENOMINATOR ITEMS"});
  for (const v1::Indicator& indicator : indicators) {
    table.AddRow({indicator.id(), ItemList(indicator.numerator_items()),
                  ItemList(indicator.denominator_items())});
  }
  return table;
}

// "<title>, site S, FROM to TO[, TUMOR]" and a blank line; both reports have
// these fields.
template <typename Report>
void PrintHeading(absl::string_view title, const Report& report,
                  std::ostream& out) {
  out << title << ", site " << report.site_id() << ", " << report.from_date()
      << " to " << report.to_date()
      << (report.tumor_type().empty() ? ""
                                      : absl::StrCat(", ", report.tumor_type()))
      << "\n\n";
}

void PrintMyeloReport(const v1::MyeloReport& report, bool with_items,
                      std::ostream& out) {
  PrintHeading("Myelosuppression indicators", report, out);
  IndicatorTable(report.indicators()).Print(out);
  out << "\nMedian time to acknowledge a critical value: "
      << (report.has_median_minutes_to_acknowledge()
              ? absl::StrCat(
                    FormatNumber(report.median_minutes_to_acknowledge()),
                    " min")
              : "-")
      << "\n";
  if (with_items) PrintSection(out, "ITEMS", ItemTable(report.indicators()));
}

void PrintIndicatorReport(const v1::IndicatorReport& report, bool with_items,
                          std::ostream& out) {
  PrintHeading(absl::StrCat("Indicators of plugin ", report.plugin_id()),
               report, out);
  IndicatorTable(report.indicators()).Print(out);
  if (with_items) PrintSection(out, "ITEMS", ItemTable(report.indicators()));
}

absl::Status MyeloReport(const CommandContext& context) {
  v1::MyeloReportRequest request;
  request.set_site_id(context.options.Text("at"));
  request.set_from_date(context.options.Text("from"));
  request.set_to_date(context.options.Text("to"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  const bool with_items = context.options.Flag("items");
  request.set_include_items(with_items);
  return CallAndShow(
      context, &v1::ReportService::Stub::GetMyeloReport, request,
      [with_items](const v1::MyeloReport& report, std::ostream& out) {
        PrintMyeloReport(report, with_items, out);
      });
}

absl::Status IndicatorReport(const CommandContext& context) {
  v1::IndicatorReportRequest request;
  request.set_plugin_id(context.options.Text("plugin"));
  request.set_site_id(context.options.Text("at"));
  request.set_from_date(context.options.Text("from"));
  request.set_to_date(context.options.Text("to"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  const bool with_items = context.options.Flag("items");
  request.set_include_items(with_items);
  return CallAndShow(
      context, &v1::ReportService::Stub::GetIndicatorReport, request,
      [with_items](const v1::IndicatorReport& report, std::ostream& out) {
        PrintIndicatorReport(report, with_items, out);
      });
}

// Indicators down, sites across: a hub and its collaborators side by side.
absl::Status NetworkReport(const CommandContext& context) {
  v1::NetworkReportRequest request;
  request.set_hub_site_id(context.options.Text("hub"));
  request.set_plugin_id(context.options.Text("plugin"));
  request.set_from_date(context.options.Text("from"));
  request.set_to_date(context.options.Text("to"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  return CallAndShow(
      context, &v1::ReportService::Stub::GetNetworkReport, request,
      [](const v1::NetworkReport& report, std::ostream& out) {
        out << (report.plugin_id().empty() ? "Myelosuppression"
                                           : absl::StrCat("Plugin ", report.plugin_id()))
            << " indicators of " << report.hub_site_id() << " and its collaborators, "
            << report.from_date() << " .. " << report.to_date() << "\n\n";
        std::vector<std::string> header = {"INDICATOR"};
        for (const v1::NetworkReportRow& row : report.rows()) header.push_back(row.site_id());
        Table table(header);
        const int count = report.rows().empty() ? 0 : report.rows(0).indicators_size();
        for (int i = 0; i < count; ++i) {
          std::vector<std::string> line = {report.rows(0).indicators(i).name()};
          for (const v1::NetworkReportRow& row : report.rows()) {
            const v1::Indicator& indicator = row.indicators(i);
            const std::string result = Result(indicator);
            line.push_back(IsMedian(indicator)
                               ? result
                               : absl::StrCat(result.empty() ? "-" : result, " (",
                                              indicator.numerator(), "/",
                                              indicator.denominator(), ")"));
          }
          table.AddRow(line);
        }
        table.Print(out);
      });
}

// One indicator's items, a page at a time: what --items lists for every
// indicator at once, for a period or site too large for one reply.
absl::Status ReportItems(const CommandContext& context) {
  v1::ListIndicatorItemsRequest request;
  request.set_indicator_id(context.arguments[0]);
  request.set_plugin_id(context.options.Text("plugin"));
  request.set_site_id(context.options.Text("at"));
  request.set_from_date(context.options.Text("from"));
  request.set_to_date(context.options.Text("to"));
  request.set_tumor_type(context.options.Text("tumor-type"));
  request.set_numerator(context.options.Flag("numerator"));
  SetPage(context.options, request);
  return CallAndShow(
      context, &v1::ReportService::Stub::ListIndicatorItems, request,
      [](const v1::ListIndicatorItemsResponse& response, std::ostream& out) {
        Table table({"ITEM", "PATIENT", "DATE", "VALUE"});
        for (const v1::IndicatorItem& item : response.items()) {
          table.AddRow({item.id(), item.patient_id(), item.date(),
                        item.has_value() ? FormatNumber(item.value()) : ""});
        }
        table.Print(out);
        PrintNextPage(response.next_page_token(), out);
      });
}

// `options` followed by the period and filter every report takes: --from,
// --to and --tumor-type.
std::vector<OptionSpec> WithPeriod(std::vector<OptionSpec> options) {
  options.push_back({.name = "from",
                     .value_name = "YYYY-MM-DD",
                     .help = "First day of the period",
                     .required = true});
  options.push_back({.name = "to",
                     .value_name = "YYYY-MM-DD",
                     .help = "Last day of the period",
                     .required = true});
  options.push_back({.name = "tumor-type",
                     .value_name = "TYPE",
                     .help = "Only cases of this tumor type"});
  return options;
}

// WithPeriod and --at: one site's report.
std::vector<OptionSpec> WithPeriodAtSite(std::vector<OptionSpec> options) {
  options = WithPeriod(std::move(options));
  options.push_back({.name = "at",
                     .value_name = "SITE",
                     .help = "The site (default: yours); a hub may report a collaborator "
                             "its agreements cover"});
  return options;
}

// WithPeriodAtSite and --items.
std::vector<OptionSpec> WithReportOptions(std::vector<OptionSpec> options,
                                          std::string items_help) {
  options = WithPeriodAtSite(std::move(options));
  options.push_back({.name = "items",
                     .kind = ValueKind::kFlag,
                     .help = std::move(items_help)});
  return options;
}

}  // namespace

std::vector<Command> ReportCommands() {
  return {
      {.spec = {.words = {"report", "myelo"},
                .summary = "Myelosuppression indicators of a site over a period",
                .options = WithReportOptions(
                    {}, "Also list the cycles and alerts behind each figure (a large "
                        "site's: one indicator at a time with 'report items')")},
       .run = MyeloReport},
      {.spec = {.words = {"report", "indicators"},
                .summary = "Indicators a plugin declares, for a site over a period",
                .options = WithReportOptions(
                    {{.name = "plugin",
                      .value_name = "ID",
                      .help = "Plugin whose indicators to report, e.g. lung",
                      .required = true}},
                    "Also list the items behind each figure, with each "
                    "median item's value")},
       .run = IndicatorReport},
      {.spec = {.words = {"report", "items"},
                .arguments = {"INDICATOR"},
                .summary = "The cycles, courses or alerts behind one indicator, a page at a "
                           "time (the denominator's unless --numerator)",
                .options = WithPageOptions(WithPeriodAtSite(
                    {{.name = "plugin",
                      .value_name = "ID",
                      .help = "The plugin that declares the indicator (default: a "
                              "myelosuppression indicator)"},
                     {.name = "numerator",
                      .kind = ValueKind::kFlag,
                      .help = "The numerator's items instead of the denominator's"}}))},
       .run = ReportItems},
      {.spec = {.words = {"report", "network"},
                .summary = "A hub and the collaborators it supervises, their indicators side "
                           "by side (figures only)",
                .options = WithPeriod({{.name = "hub",
                                        .value_name = "SITE",
                                        .help = "The hub hospital (default: yours)"},
                                       {.name = "plugin",
                                        .value_name = "ID",
                                        .help = "Compare this plugin's indicators (default: "
                                                "myelosuppression)"}})},
       .run = NetworkReport},
  };
}

}  // namespace casehub::casectl
