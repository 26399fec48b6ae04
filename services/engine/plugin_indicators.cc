#include "services/engine/plugin_indicators.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/referrals.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

const v1::IndicatorDefinition* Declared(const v1::PluginDescriptor& descriptor,
                                        absl::string_view id) {
  for (const v1::IndicatorDefinition& indicator : descriptor.indicators()) {
    if (indicator.id() == id) return &indicator;
  }
  return nullptr;
}

bool Concerned(const LoadedPlugin& plugin, const v1::PatientState& state) {
  if (plugin.descriptor().indicators().empty()) return false;
  if (plugin.descriptor().kind() == v1::PLUGIN_KIND_MODULE) return true;
  for (const v1::Case& c : state.cases()) {
    if (c.plugin_id() == plugin.id()) return true;
  }
  return false;
}

absl::Status Refuse(const LoadedPlugin& plugin, const v1::IndicatorEntry& entry,
                    absl::string_view rule) {
  return absl::InternalError(absl::StrCat("plugin ", plugin.id(), " reported indicator item '",
                                          entry.item_id(), "' of '", entry.indicator_id(),
                                          "': ", rule));
}

absl::Status AddEntry(const LoadedPlugin& plugin, const v1::PatientState& state,
                      const v1::IndicatorEntry& entry, IndexMap& entries) {
  const v1::IndicatorDefinition* definition = Declared(plugin.descriptor(), entry.indicator_id());
  if (definition == nullptr) return Refuse(plugin, entry, "the indicator is not declared");
  const v1::Case* c = FindCase(state, entry.case_id());
  if (c == nullptr || (plugin.descriptor().kind() == v1::PLUGIN_KIND_TUMOR_TYPE &&
                       c->plugin_id() != plugin.id())) {
    return Refuse(plugin, entry, absl::StrCat("case '", entry.case_id(), "' is not its case"));
  }
  if (!absl::StartsWith(entry.item_id(), absl::StrCat(state.patient().id(), "-"))) {
    return Refuse(plugin, entry, "the item is not an id of this patient");
  }
  absl::CivilDay day;
  if (entry.date().size() != 10 || !absl::ParseCivilTime(entry.date(), &day)) {
    return Refuse(plugin, entry, "date must be YYYY-MM-DD");
  }
  const std::string id = PluginIndicatorKeyId(plugin.id(), entry.indicator_id());
  // Credited to the site that owned the case on the item's day (the end of
  // it: a transfer that day moved the care).
  const std::string owner =
      OwnerAt(*c, absl::FromCivil(day + 1, absl::UTCTimeZone()) - absl::Nanoseconds(1));
  auto key = [&](char part) {
    return store::IndicatorKey(id, owner, entry.date(), c->tumor_type(), part, entry.item_id());
  };
  if (definition->kind() == v1::INDICATOR_KIND_MEDIAN) {
    if (!entry.has_value()) return Refuse(plugin, entry, "a median item needs a value");
    entries.Set(key('V'), absl::StrCat(entry.value()));
    return absl::OkStatus();
  }
  entries.Set(key('D'), "");
  if (entry.in_numerator()) entries.Set(key('N'), "");
  return absl::OkStatus();
}

}  // namespace

std::string PluginIndicatorKeyId(absl::string_view plugin_id, absl::string_view indicator_id) {
  return absl::StrCat(plugin_id, ".", indicator_id);
}

absl::Status AddPluginIndicatorEntries(const StateForPlugins& shared, const PluginHost& plugins,
                                       IndexMap& entries) {
  const v1::PatientState& state = shared.state();
  for (const std::unique_ptr<LoadedPlugin>& plugin : plugins.plugins()) {
    if (!Concerned(*plugin, state)) continue;
    ASSIGN_OR_RETURN(std::vector<v1::IndicatorEntry> items, plugin->IndicatorItems(shared));
    for (const v1::IndicatorEntry& entry : items) {
      RETURN_IF_ERROR(AddEntry(*plugin, state, entry, entries));
    }
  }
  return absl::OkStatus();
}

}  // namespace casehub::engine
