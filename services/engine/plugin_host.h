// PluginHost: the plugins installed in this hub, loaded once at start-up, and
// the routing of diagnoses to them. Immutable after Load: safe to share
// between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"
#include "services/engine/plugin_loader.h"

namespace casehub::engine {

class PluginHost {
 public:
  // Loads each plugin (relative files are taken under `plugin_dir`) with its
  // settings. Fails on the first plugin that cannot load, on two plugins
  // with the same id, and on two tumor-type plugins for the same tumor type
  // or whose ICD-10 claims overlap (naming both ranges).
  static absl::StatusOr<std::unique_ptr<PluginHost>> Load(
      const std::string& plugin_dir, const std::vector<v1::PluginRef>& plugins);

  const std::vector<std::unique_ptr<LoadedPlugin>>& plugins() const { return plugins_; }
  const LoadedPlugin* FindById(absl::string_view id) const;
  // FindById for a request's `plugin_id`: NOT_FOUND naming the field and the
  // plugins installed when there is no such plugin.
  absl::StatusOr<const LoadedPlugin*> RequireInstalled(absl::string_view plugin_id) const;

  // The tumor-type plugin whose ICD-10 ranges contain `code`; nullptr if none.
  const LoadedPlugin* RouteDiagnosis(absl::string_view code) const;

  // Cross-cutting modules: consulted for every command and event.
  const std::vector<const LoadedPlugin*>& modules() const { return modules_; }

  // One line naming each tumor type and its ranges, for error messages.
  std::string DescribeClaims() const;

 private:
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;
  std::vector<const LoadedPlugin*> modules_;
};

}  // namespace casehub::engine
