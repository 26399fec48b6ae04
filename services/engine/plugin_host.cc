#include "services/engine/plugin_host.h"

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "services/engine/icd10.h"

namespace casehub::engine {
namespace {

std::string RangeText(const v1::Icd10Range& range) {
  return range.first() == range.last()
             ? range.first()
             : absl::StrCat(range.first(), "-", range.last());
}

absl::Status CheckNoOverlap(const LoadedPlugin& a, const LoadedPlugin& b) {
  for (const v1::Icd10Range& ra : a.descriptor().icd10_claims()) {
    for (const v1::Icd10Range& rb : b.descriptor().icd10_claims()) {
      if (RangesOverlap(ra, rb)) {
        return absl::FailedPreconditionError(absl::StrCat(
            "plugins ", a.id(), " and ", b.id(), " both claim ICD-10 codes: ",
            a.id(), " claims ", RangeText(ra), ", ", b.id(), " claims ",
            RangeText(rb), ". Remove one of them from the config"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<PluginHost>> PluginHost::Load(
    const std::string& plugin_dir, const std::vector<v1::PluginRef>& plugins) {
  auto host = std::make_unique<PluginHost>();
  for (const v1::PluginRef& ref : plugins) {
    std::filesystem::path path(ref.file());
    if (path.is_relative()) path = std::filesystem::path(plugin_dir) / path;
    ASSIGN_OR_RETURN(std::unique_ptr<LoadedPlugin> plugin,
                     LoadedPlugin::Load(path.string(), ref.settings()));
    for (const auto& earlier : host->plugins_) {
      if (earlier->id() == plugin->id()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "two plugins have the id '", plugin->id(), "': ",
            earlier->descriptor().loaded_from(), " and ", path.string()));
      }
      if (earlier->descriptor().kind() == v1::PLUGIN_KIND_TUMOR_TYPE &&
          plugin->descriptor().kind() == v1::PLUGIN_KIND_TUMOR_TYPE) {
        if (earlier->descriptor().tumor_type() == plugin->descriptor().tumor_type()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "plugins ", earlier->id(), " and ", plugin->id(), " both manage tumor type '",
              plugin->descriptor().tumor_type(), "'. Remove one of them from the config"));
        }
        RETURN_IF_ERROR(CheckNoOverlap(*earlier, *plugin));
      }
    }
    if (plugin->descriptor().kind() == v1::PLUGIN_KIND_MODULE) {
      host->modules_.push_back(plugin.get());
    }
    host->plugins_.push_back(std::move(plugin));
  }
  return host;
}

const LoadedPlugin* PluginHost::FindById(absl::string_view id) const {
  for (const auto& plugin : plugins_) {
    if (plugin->id() == id) return plugin.get();
  }
  return nullptr;
}

absl::StatusOr<const LoadedPlugin*> PluginHost::RequireInstalled(
    absl::string_view plugin_id) const {
  if (const LoadedPlugin* plugin = FindById(plugin_id)) return plugin;
  std::vector<std::string> installed;
  for (const auto& plugin : plugins_) installed.push_back(plugin->id());
  return absl::NotFoundError(absl::StrCat("plugin_id: no plugin '", plugin_id,
                                          "' is installed (", absl::StrJoin(installed, ", "), ")"));
}

const LoadedPlugin* PluginHost::RouteDiagnosis(absl::string_view code) const {
  for (const auto& plugin : plugins_) {
    if (plugin->descriptor().kind() != v1::PLUGIN_KIND_TUMOR_TYPE) continue;
    for (const v1::Icd10Range& range : plugin->descriptor().icd10_claims()) {
      if (RangeContains(range, code)) return plugin.get();
    }
  }
  return nullptr;
}

std::string PluginHost::DescribeClaims() const {
  std::vector<std::string> parts;
  for (const auto& plugin : plugins_) {
    if (plugin->descriptor().kind() != v1::PLUGIN_KIND_TUMOR_TYPE) continue;
    std::vector<std::string> ranges;
    for (const v1::Icd10Range& range : plugin->descriptor().icd10_claims()) {
      ranges.push_back(RangeText(range));
    }
    parts.push_back(absl::StrCat(plugin->descriptor().tumor_type(), " (",
                                 absl::StrJoin(ranges, ", "), ")"));
  }
  return parts.empty() ? "none" : absl::StrJoin(parts, "; ");
}

}  // namespace casehub::engine
