// The myelosuppression module: grades every recorded blood count (ANC, WBC,
// platelets, hemoglobin) with CTCAE v5.0 and raises a critical-value alert
// for the responsible site, for every tumor type. The rules are the tables
// under tables/; the settings override critical values per site.
#include <optional>
#include <utility>

#include "casehub/plugin.h"
#include "plugins/myelosuppression/embedded_tables.h"
#include "plugins/myelosuppression/lab_reaction.h"
#include "plugins/myelosuppression/lab_result_check.h"
#include "plugins/myelosuppression/rule_tables.h"
#include "plugins/myelosuppression/site_policies.h"
#include "services/common/status_macros.h"

namespace casehub::myelosuppression {
namespace {

class MyelosuppressionPlugin final : public sdk::Plugin {
 public:
  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor descriptor;
    descriptor.set_id("myelosuppression");
    descriptor.set_version("0.1.0");
    descriptor.set_kind(v1::PLUGIN_KIND_MODULE);
    descriptor.set_display_name("Myelosuppression management");
    return descriptor;
  }

  // Parses the embedded tables here, once at load, so that a broken table
  // stops the hub instead of failing commands.
  absl::Status Configure(absl::string_view settings) override {
    ASSIGN_OR_RETURN(RuleTables tables, RuleTables::Parse(EmbeddedTables()));
    ASSIGN_OR_RETURN(SitePolicies sites, SitePolicies::Parse(settings, tables));
    rules_.emplace(Rules{std::move(tables), std::move(sites)});
    return absl::OkStatus();
  }

  absl::Status Validate(const v1::Command& command, const v1::PatientState&) const override {
    if (!command.has_record_lab_result()) return absl::OkStatus();
    const v1::LabResult& result = command.record_lab_result().result();
    const AnalyteRules* analyte = rules().tables.FindByLoinc(result.code().code());
    if (analyte == nullptr) return absl::OkStatus();
    return CheckLabResult(analyte->analyte, result);
  }

  std::vector<v1::Event> React(const v1::Event& event,
                               const v1::PatientState& state) const override {
    return ReactToLabResult(rules().tables, rules().sites, event, state);
  }

 private:
  struct Rules {
    RuleTables tables;
    SitePolicies sites;
  };

  // The hub configures a plugin before any other call (plugin.h). Were it
  // not so, value() throws and the SDK reports the call as failed.
  const Rules& rules() const { return rules_.value(); }

  std::optional<Rules> rules_;
};

}  // namespace
}  // namespace casehub::myelosuppression

CASEHUB_PLUGIN(casehub::myelosuppression::MyelosuppressionPlugin)
