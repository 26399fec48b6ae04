// The lung tumor-type plugin: claims lung diagnoses, declares the
// whole-course pathway, and starts each case with a staging task.
#include "casehub/plugin.h"
#include "google/protobuf/util/time_util.h"

namespace casehub::plugins::lung {
namespace {

using google::protobuf::util::TimeUtil;

constexpr char kPluginId[] = "lung";
constexpr int64_t kStagingDueSeconds = 7 * 24 * 3600;

void AddStage(v1::PluginDescriptor& descriptor, const char* id,
              const char* name) {
  v1::PathwayStage* stage = descriptor.add_stages();
  stage->set_id(id);
  stage->set_name(name);
}

void AddTransition(v1::PluginDescriptor& descriptor, const char* from,
                   const char* to, const char* requirement) {
  v1::StageTransition* transition = descriptor.add_transitions();
  transition->set_from_stage(from);
  transition->set_to_stage(to);
  transition->set_requirement(requirement);
}

void AddClaim(v1::PluginDescriptor& descriptor, const char* first,
              const char* last) {
  v1::Icd10Range* range = descriptor.add_icd10_claims();
  range->set_first(first);
  range->set_last(last);
}

class LungPlugin final : public sdk::Plugin {
 public:
  v1::PluginDescriptor Describe() const override {
    v1::PluginDescriptor descriptor;
    descriptor.set_id(kPluginId);
    descriptor.set_version("0.1.0");
    descriptor.set_kind(v1::PLUGIN_KIND_TUMOR_TYPE);
    descriptor.set_tumor_type("lung");
    descriptor.set_display_name("Lung cancer whole-course management");
    AddClaim(descriptor, "C33", "C34");
    AddClaim(descriptor, "C78.0", "C78.0");
    AddClaim(descriptor, "D02.2", "D02.2");
    AddStage(descriptor, "diagnosis", "Diagnosis");
    AddStage(descriptor, "staging", "Staging");
    AddStage(descriptor, "mdt", "MDT / treatment plan");
    AddStage(descriptor, "treatment", "Active treatment");
    AddStage(descriptor, "follow_up", "Follow-up / survivorship");
    AddStage(descriptor, "palliative", "Palliative care");
    AddTransition(descriptor, "diagnosis", "staging", "pathology confirmed");
    AddTransition(descriptor, "staging", "mdt", "TNM stage recorded");
    AddTransition(descriptor, "mdt", "treatment", "treatment plan agreed");
    AddTransition(descriptor, "treatment", "follow_up", "treatment completed");
    AddTransition(descriptor, "follow_up", "treatment", "recurrence");
    for (const char* from : {"diagnosis", "staging", "mdt", "treatment", "follow_up"}) {
      AddTransition(descriptor, from, "palliative", "palliative intent decided");
    }
    return descriptor;
  }

  std::vector<v1::Event> React(const v1::Event& event,
                               const v1::PatientState&) const override {
    if (!event.has_case_opened() ||
        event.case_opened().case_().plugin_id() != kPluginId) {
      return {};
    }
    const v1::Case& opened = event.case_opened().case_();
    v1::Event derived;
    v1::Task* task = derived.mutable_task_created()->mutable_task();
    task->set_case_id(opened.id());
    task->set_site_id(opened.owning_site_id());
    task->set_assignee_role(v1::ROLE_CASE_MANAGER);
    task->set_kind("lung.staging");
    task->set_title("Complete TNM staging");
    *task->mutable_due_at() =
        TimeUtil::SecondsToTimestamp(event.recorded_at().seconds() + kStagingDueSeconds);
    return {derived};
  }
};

}  // namespace
}  // namespace casehub::plugins::lung

CASEHUB_PLUGIN(casehub::plugins::lung::LungPlugin)
