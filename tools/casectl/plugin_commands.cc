// plugins list, plugins show: what the installed plugins declare.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/v1/plugin.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

// "C33–C34, D02.2": a range whose bounds are equal prints once.
std::string Icd10Claims(const v1::PluginDescriptor& plugin) {
  std::vector<std::string> ranges;
  for (const v1::Icd10Range& range : plugin.icd10_claims()) {
    ranges.push_back(range.first() == range.last()
                         ? range.first()
                         : absl::StrCat(range.first(), "–", range.last()));
  }
  return absl::StrJoin(ranges, ", ");
}

// What a field accepts: its codes, its range with unit, or its format.
std::string AcceptedValues(const v1::CaseFieldDefinition& field) {
  switch (field.kind()) {
    case v1::CASE_FIELD_KIND_CODE:
      return absl::StrJoin(field.allowed_values(), "|");
    case v1::CASE_FIELD_KIND_NUMBER: {
      std::string range = "any number";
      if (field.has_min() && field.has_max()) {
        range = absl::StrCat(FormatNumber(field.min()), "–",
                             FormatNumber(field.max()));
      } else if (field.has_min()) {
        range = absl::StrCat(">= ", FormatNumber(field.min()));
      } else if (field.has_max()) {
        range = absl::StrCat("<= ", FormatNumber(field.max()));
      }
      return field.unit().empty() ? range
                                  : absl::StrCat(range, " ", field.unit());
    }
    case v1::CASE_FIELD_KIND_DATE:
      return "YYYY-MM-DD";
    default:
      return "";
  }
}

// "rate", or "median" with the unit of its values.
std::string IndicatorKindWords(const v1::IndicatorDefinition& indicator) {
  if (indicator.kind() != v1::INDICATOR_KIND_MEDIAN) return "rate";
  return indicator.unit().empty()
             ? "median"
             : absl::StrCat("median (", indicator.unit(), ")");
}

void PrintPluginList(const v1::ListPluginsResponse& response,
                     std::ostream& out) {
  Table table({"ID", "VERSION", "KIND", "TUMOR", "ICD-10", "STAGES", "FILE"});
  for (const v1::PluginDescriptor& plugin : response.plugins()) {
    table.AddRow({plugin.id(), plugin.version(), EnumWord(plugin.kind()),
                  plugin.tumor_type(), Icd10Claims(plugin),
                  absl::StrCat(plugin.stages_size()), plugin.loaded_from()});
  }
  table.Print(out);
}

void PrintPlugin(const v1::PluginDescriptor& plugin, std::ostream& out) {
  Table about;
  about.AddRow({"Plugin", plugin.id()});
  about.AddRow({"Name", plugin.display_name()});
  about.AddRow({"Version", plugin.version()});
  about.AddRow({"Kind", EnumWord(plugin.kind())});
  about.AddRow({"Tumor", plugin.tumor_type()});
  about.AddRow({"ICD-10", Icd10Claims(plugin)});
  about.AddRow({"ABI", absl::StrCat(plugin.abi_version())});
  about.AddRow({"File", plugin.loaded_from()});
  about.Print(out);

  Table stages({"#", "ID", "NAME"});
  for (int i = 0; i < plugin.stages_size(); ++i) {
    stages.AddRow(
        {absl::StrCat(i + 1), plugin.stages(i).id(), plugin.stages(i).name()});
  }
  PrintSection(out, "STAGES (a new case starts at #1)", stages);

  Table transitions({"FROM", "TO", "REQUIRES", "REQUIRED FIELDS"});
  for (const v1::StageTransition& transition : plugin.transitions()) {
    transitions.AddRow({transition.from_stage(), transition.to_stage(),
                        transition.requirement(),
                        absl::StrJoin(transition.required_fields(), ", ")});
  }
  PrintSection(out, "TRANSITIONS", transitions);

  Table fields({"KEY", "NAME", "GROUP", "KIND", "VALUES"});
  for (const v1::CaseFieldDefinition& field : plugin.case_fields()) {
    fields.AddRow({field.key(), field.name(), field.group(),
                   EnumWord(field.kind()), AcceptedValues(field)});
  }
  PrintSection(out, "CASE DATA (record with: cases data ID KEY=VALUE)", fields);

  Table indicators({"ID", "NAME", "KIND", "NUMERATOR", "DENOMINATOR"});
  for (const v1::IndicatorDefinition& indicator : plugin.indicators()) {
    indicators.AddRow({indicator.id(), indicator.name(),
                       IndicatorKindWords(indicator), indicator.numerator(),
                       indicator.denominator()});
  }
  PrintSection(out, "INDICATORS", indicators);
}

absl::Status ListPlugins(const CommandContext& context) {
  return CallAndShow(context, &v1::PluginService::Stub::ListPlugins,
                     v1::ListPluginsRequest(), PrintPluginList);
}

// The contract has no call for one plugin: pick it from the list.
absl::Status ShowPlugin(const CommandContext& context) {
  const std::string& id = context.arguments[0];
  v1::ListPluginsResponse response;
  const absl::Status status =
      context.connection.Call(&v1::PluginService::Stub::ListPlugins,
                              v1::ListPluginsRequest(), &response);
  if (!status.ok()) return status;
  for (const v1::PluginDescriptor& plugin : response.plugins()) {
    if (plugin.id() == id) {
      return Show(context, plugin,
                  [&plugin](std::ostream& out) { PrintPlugin(plugin, out); });
    }
  }
  return absl::NotFoundError(absl::StrCat("plugin ", id, " is not installed"));
}

}  // namespace

std::vector<Command> PluginCommands() {
  return {
      {.spec = {.words = {"plugins", "list"},
                .summary = "List the installed plugins"},
       .run = ListPlugins},
      {.spec = {.words = {"plugins", "show"},
                .arguments = {"ID"},
                .summary = "Show one plugin's pathway, transitions, case "
                           "data fields and indicators"},
       .run = ShowPlugin},
  };
}

}  // namespace casehub::casectl
