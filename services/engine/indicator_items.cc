#include "services/engine/indicator_items.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/engine/indicator_scan.h"
#include "services/engine/myelo_indicators.h"
#include "services/engine/paging.h"
#include "services/engine/plugin_indicators.h"

namespace casehub::engine {
namespace {

constexpr int kDefaultPageSize = 100;
constexpr int kMaxPageSize = 1000;

// The index name of the requested indicator: a myelosuppression one's id, or
// a plugin's under its plugin.
absl::StatusOr<std::string> IndexNameOf(const PluginHost& plugins,
                                        const v1::ListIndicatorItemsRequest& request) {
  std::vector<std::string> ids;
  if (request.plugin_id().empty()) {
    for (const IndicatorDefinition& definition : MyeloIndicators()) {
      if (definition.id == request.indicator_id()) return std::string(definition.id);
      ids.emplace_back(definition.id);
    }
    return absl::NotFoundError(absl::StrCat("indicator_id: no myelosuppression indicator '",
                                            request.indicator_id(), "' (",
                                            absl::StrJoin(ids, ", "),
                                            "); a plugin's needs its plugin_id"));
  }
  ASSIGN_OR_RETURN(const LoadedPlugin* plugin, plugins.RequireInstalled(request.plugin_id()));
  for (const v1::IndicatorDefinition& definition : plugin->descriptor().indicators()) {
    if (definition.id() == request.indicator_id()) {
      return PluginIndicatorKeyId(plugin->id(), definition.id());
    }
    ids.push_back(definition.id());
  }
  return absl::NotFoundError(absl::StrCat("indicator_id: plugin ", plugin->id(),
                                          " declares no indicator '", request.indicator_id(),
                                          "' (", absl::StrJoin(ids, ", "), ")"));
}

}  // namespace

absl::StatusOr<v1::ListIndicatorItemsResponse> ListIndicatorItems(
    const store::Store& store, const PluginHost& plugins,
    const v1::ListIndicatorItemsRequest& request) {
  const ReportScope scope{request.site_id(), request.from_date(), request.to_date(),
                          request.tumor_type()};
  RETURN_IF_ERROR(CheckReportScope(scope));
  ASSIGN_OR_RETURN(const std::string index_name, IndexNameOf(plugins, request));
  ASSIGN_OR_RETURN(const int size, PageSizeOf(request.page_size(), kDefaultPageSize, kMaxPageSize));
  const std::string prefix = store::IndicatorPrefix(index_name, scope.site_id);
  ASSIGN_OR_RETURN(const std::string start_after,
                   KeyAfterPageToken(request.page_token(), prefix));
  if (!start_after.empty()) {
    // Resuming inside the period, so a page never steps over items before it.
    std::optional<store::IndicatorKeyParts> resumed =
        store::ParseIndicatorKeyRest(absl::string_view(start_after).substr(prefix.size()));
    if (!resumed || resumed->date < scope.from_date || resumed->date > scope.to_date) {
      return InvalidField("page_token", "is not a token from this listing");
    }
  }

  v1::ListIndicatorItemsResponse response;
  std::string last_key;
  bool more = false;
  RETURN_IF_ERROR(ScanIndicatorItems(
      store, /*snapshot=*/nullptr, scope, index_name, start_after,
      [&](absl::string_view key, const store::IndicatorKeyParts& parts, absl::string_view value) {
        const bool wanted = request.numerator() ? parts.part == 'N' : parts.part != 'N';
        if (!wanted) return true;
        std::optional<v1::IndicatorItem> item = ItemOf(parts, value);
        if (!item) return true;
        if (response.items_size() == size) {
          more = true;
          return false;
        }
        *response.add_items() = *std::move(item);
        last_key = std::string(key);
        return true;
      }));
  if (more) response.set_next_page_token(PageTokenOf(last_key));
  return response;
}

}  // namespace casehub::engine
