// Case data (services/engine/case_data_rules.h) against what the four shipped
// tumor-type plugins declare, with no store: the input is a
// RecordCaseDataRequest whose case_id is a tumor type ("lung", "breast",
// "gastric", "gynecologic") for that open case of a fixed patient, or
// anything else. The hub's rules (declared keys, kinds, allowed values,
// ranges, dates, duplicates) decide first; then every plugin's own Validate
// sees the command, as in Engine::Execute. Properties: accepted facts also
// pass the check of plugin-derived facts; no verdict is INTERNAL, DATA_LOSS
// or UNKNOWN (a plugin failing on input it should refuse); the stage
// requirements can be checked against the case with the new facts.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/case_data_rules.h"
#include "services/engine/plugin_host.h"
#include "tests/fuzz/check.h"
#include "tests/fuzz/quiet_protobuf.h"

namespace casehub::engine {
namespace {

constexpr char kPatient[] = "pabcdefghjkmn";

struct World {
  std::unique_ptr<PluginHost> plugins;
  v1::PatientState state;
};

const World& GetWorld() {
  static const World* const world = [] {
    std::vector<v1::PluginRef> refs;
    for (const char* file : {"libcasehub_lung.so", "libcasehub_breast.so",
                             "libcasehub_gastric.so", "libcasehub_gynecologic.so",
                             "libcasehub_myelosuppression.so"}) {
      refs.emplace_back().set_file(file);
    }
    absl::StatusOr<std::unique_ptr<PluginHost>> plugins = PluginHost::Load(CASEHUB_PLUGIN_DIR, refs);
    FUZZ_CHECK(plugins.ok());
    auto* world = new World{*std::move(plugins), {}};
    v1::Patient* patient = world->state.mutable_patient();
    patient->set_id(kPatient);
    patient->set_name("王建国");
    patient->set_sex(v1::SEX_MALE);
    patient->set_birth_date("1958-03-12");
    patient->set_registering_site_id("jc-hub");
    int seq = 2;
    for (const auto& plugin : world->plugins->plugins()) {
      const v1::PluginDescriptor& descriptor = plugin->descriptor();
      if (descriptor.kind() != v1::PLUGIN_KIND_TUMOR_TYPE) continue;
      v1::Case* c = world->state.add_cases();
      c->set_id(absl::StrCat(kPatient, "-c", seq++));
      c->set_patient_id(kPatient);
      c->mutable_diagnosis()->set_code(descriptor.icd10_claims(0).first());
      c->set_tumor_type(descriptor.tumor_type());
      c->set_plugin_id(descriptor.id());
      c->set_owning_site_id("jc-hub");
      c->set_stage(descriptor.stages(0).id());
      c->set_status(v1::CASE_STATUS_OPEN);
    }
    world->state.set_version(static_cast<uint64_t>(seq));
    return world;
  }();
  return *world;
}

bool IsHubFailure(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInternal ||
         status.code() == absl::StatusCode::kDataLoss ||
         status.code() == absl::StatusCode::kUnknown;
}

}  // namespace
}  // namespace casehub::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;  // NOLINT: a fuzz entry point
  const engine::World& world = engine::GetWorld();
  const absl::Time now = absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0),
                                         absl::UTCTimeZone());
  v1::Command command;
  command.mutable_actor()->set_principal_id("clinician.jc-hub");
  command.mutable_actor()->set_site_id("jc-hub");
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
  v1::RecordCaseDataRequest& request = *command.mutable_record_case_data();
  if (!request.ParseFromArray(data, static_cast<int>(size))) return -1;
  const v1::Case* target = nullptr;
  for (const v1::Case& c : world.state.cases()) {
    if (request.case_id() == c.tumor_type()) {
      request.set_case_id(c.id());
      target = &c;
    }
  }

  absl::StatusOr<v1::Event> event =
      engine::DecideRecordCaseData(request, command.actor(), world.state, *world.plugins, now);
  if (!event.ok()) {
    FUZZ_CHECK(!engine::IsHubFailure(event.status()));
    return 0;
  }
  FUZZ_CHECK(target != nullptr);
  const v1::PluginDescriptor& descriptor = world.plugins->FindById(target->plugin_id())->descriptor();
  FUZZ_CHECK(engine::CheckDerivedFacts(event->case_data_recorded(), descriptor, now).ok());

  for (const auto& plugin : world.plugins->plugins()) {
    const absl::Status verdict = plugin->Validate(command, world.state, now);
    FUZZ_CHECK(!engine::IsHubFailure(verdict));
  }
  v1::Case updated = *target;
  for (const v1::CaseFact& fact : event->case_data_recorded().facts()) *updated.add_facts() = fact;
  for (const v1::StageTransition& transition : descriptor.transitions()) {
    const absl::Status ready = engine::CheckRequiredFields(updated, transition, descriptor);
    FUZZ_CHECK(ready.ok() || ready.code() == absl::StatusCode::kFailedPrecondition);
  }
  return 0;
}
