// The base class of a whole-course tumor-type plugin. It runs what every
// tumor type shares — the pathway's value rules, the staging task, rolling
// follow-up visits, the derived risk tier and the pathway indicators — and
// asks the plugin only for what is its own. Derive from it, describe the
// plugin with AddWholeCoursePathway (pathway.h) plus its fields, and
// override the hooks below.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "casehub/case_data.h"
#include "casehub/follow_up.h"
#include "casehub/plugin.h"

namespace casehub::sdk {

class TumorTypePlugin : public Plugin {
 public:
  // The case commands and events the pathway's rules look at: a lab result
  // or a chemotherapy step costs a tumor type no call; and the parts of the
  // state they read (cases and tasks).
  void DeclareInterests(v1::PluginDescriptor& descriptor) const final;
  absl::Status Validate(const v1::Command& command, const v1::PatientState& state,
                        absl::Time now) const final;
  std::vector<v1::Event> React(const v1::Event& event,
                               const v1::PatientState& state) const final;
  std::vector<v1::IndicatorEntry> IndicatorItems(const v1::PatientState& state) const final;

 protected:
  // `plugin_id` must equal the id Describe() returns.
  explicit TumorTypePlugin(std::string plugin_id) : plugin_id_(std::move(plugin_id)) {}

  const std::string& plugin_id() const { return plugin_id_; }

  // Cross-field rules on a case's data as it would be after a RecordCaseData
  // (e.g. "M1 means stage IV"). Refuse with INVALID_ARGUMENT.
  virtual absl::Status CheckCaseData(const v1::Case& c, const Facts& facts) const;

  // What the case needs before it enters treatment beyond the declared
  // required fields (e.g. driver genes for stage IV). Refuse with
  // FAILED_PRECONDITION.
  virtual absl::Status CheckBeforeTreatment(const v1::Case& c, const Facts& facts) const;

  // The follow-up schedule of the case (it may depend on its risk tier).
  virtual FollowUpSchedule Schedule(const v1::Case& c) const = 0;

  // The risk tier the case data give, "standard" or "high"; "" while the
  // data that decide it are missing.
  virtual std::string Tier(const Facts& facts) const = 0;

  // Items of the plugin's own indicators; the pathway's are added to them.
  virtual std::vector<v1::IndicatorEntry> OwnIndicatorItems(const v1::PatientState& state) const;

 private:
  std::string plugin_id_;
};

}  // namespace casehub::sdk
