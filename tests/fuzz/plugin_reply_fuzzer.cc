// What the hub does with the bytes a plugin returns: the descriptor and the
// settings refusal at load (plugin_loader.cc, plugin_host.cc), validate
// verdicts, derived events (derived_events.cc, apply.cc) and indicator items
// (plugin_indicators.cc). The scripted plugin answers with the input's
// replies (plugin_script.proto) next to the real lung plugin, while the hub
// loads it and runs the input's commands for a patient of its own. The hub
// may refuse the plugin or turn its answers into errors; it must not crash,
// leak or hit undefined behaviour, whatever a plugin says.
#include <dlfcn.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/plugin_abi.h"
#include "tests/fuzz/plugin_script.pb.h"
#include "tests/fuzz/quiet_protobuf.h"
#include "tests/fuzz/scratch_hub.h"
#include "tests/fuzz/scripted_plugin.h"

namespace casehub::fuzz {
namespace {

casehub_scripted_plugin_set_fn ScriptSetter() {
  static const casehub_scripted_plugin_set_fn set = [] {
    // The hub's dlopen of the same file gets this very handle.
    void* handle = dlopen(CASEHUB_SCRIPTED_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) Fail(absl::StrCat("dlopen: ", dlerror()));
    void* set = dlsym(handle, CASEHUB_SCRIPTED_PLUGIN_SET_SYMBOL);
    if (set == nullptr) Fail("the scripted plugin exports no setter");
    return reinterpret_cast<casehub_scripted_plugin_set_fn>(set);
  }();
  return set;
}

// A well-formed tumor-type plugin, for inputs that do not write their own.
v1::PluginDescriptor BaseDescriptor() {
  v1::PluginDescriptor descriptor;
  descriptor.set_id("scripted");
  descriptor.set_version("0.0.1");
  descriptor.set_kind(v1::PLUGIN_KIND_TUMOR_TYPE);
  descriptor.set_tumor_type("mesothelioma");
  v1::Icd10Range* claim = descriptor.add_icd10_claims();
  claim->set_first("C45");
  claim->set_last("C45");
  for (const char* stage : {"diagnosis", "staging", "treatment", "follow_up"}) {
    descriptor.add_stages()->set_id(stage);
  }
  v1::StageTransition* transition = descriptor.add_transitions();
  transition->set_from_stage("diagnosis");
  transition->set_to_stage("staging");
  transition->add_required_fields("histology");
  v1::CaseFieldDefinition* histology = descriptor.add_case_fields();
  histology->set_key("histology");
  histology->set_kind(v1::CASE_FIELD_KIND_CODE);
  histology->add_allowed_values("epithelioid");
  histology->add_allowed_values("sarcomatoid");
  v1::CaseFieldDefinition* size = descriptor.add_case_fields();
  size->set_key("tumor_size_mm");
  size->set_kind(v1::CASE_FIELD_KIND_NUMBER);
  size->set_min(0);
  size->set_max(500);
  v1::CaseFieldDefinition* diagnosed = descriptor.add_case_fields();
  diagnosed->set_key("diagnosis_date");
  diagnosed->set_kind(v1::CASE_FIELD_KIND_DATE);
  v1::IndicatorDefinition* indicator = descriptor.add_indicators();
  indicator->set_id("staged");
  indicator->set_kind(v1::INDICATOR_KIND_RATE);
  return descriptor;
}

// Used when the input names no commands: a case of the scripted plugin,
// its data, and a stage change, each asking the plugin.
std::vector<v1::Command> DefaultCommands() {
  std::vector<v1::Command> commands(3);
  v1::OpenCaseRequest* open = commands[0].mutable_open_case();
  open->mutable_meta()->set_request_id("open");
  open->set_patient_id("@patient");
  open->mutable_diagnosis()->set_code("C45.0");
  v1::RecordCaseDataRequest* data = commands[1].mutable_record_case_data();
  data->mutable_meta()->set_request_id("data");
  data->set_case_id("@entity");
  v1::CaseFact* fact = data->add_facts();
  fact->set_key("histology");
  fact->set_value("epithelioid");
  v1::ChangeCaseStageRequest* stage = commands[2].mutable_change_case_stage();
  stage->mutable_meta()->set_request_id("stage");
  stage->set_case_id("@entity");
  stage->set_to_stage("staging");
  return commands;
}

// The replies of one list, their tokens replaced (a derived event may name
// the input's patient or case), pointing into `storage` (reserved by the
// caller, so the pointers stay put).
template <typename Reply>
std::vector<casehub_scripted_reply> Replies(const ScratchHub& hub,
                                            google::protobuf::RepeatedPtrField<Reply>& list,
                                            std::vector<std::string>& storage) {
  std::vector<casehub_scripted_reply> replies;
  for (Reply& reply : list) {
    hub.ReplaceTokens(*reply.mutable_response());
    storage.push_back(reply.response().SerializeAsString() + reply.raw());
    const std::string& bytes = storage.back();
    replies.push_back({reply.return_code(), reinterpret_cast<const uint8_t*>(bytes.data()),
                       bytes.size()});
  }
  return replies;
}

}  // namespace
}  // namespace casehub::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace casehub;        // NOLINT: a fuzz entry point
  using namespace casehub::fuzz;  // NOLINT
  PluginScript script;
  if (!script.ParseFromArray(data, static_cast<int>(size))) return -1;

  std::vector<std::string> storage;
  storage.reserve(2 + script.validate_size() + script.react_size() +
                  script.indicator_items_size());
  storage.push_back(
      (script.has_plugin_descriptor() ? script.plugin_descriptor() : BaseDescriptor()).SerializeAsString() +
      script.descriptor_raw());
  const std::string& describe = storage.back();
  storage.push_back(script.configure_refusal());
  const std::string& refusal = storage.back();
  casehub_scripted_replies replies = {};
  replies.describe = {script.describe_code(), reinterpret_cast<const uint8_t*>(describe.data()),
                      describe.size()};
  replies.configure = {script.configure_code(),
                       reinterpret_cast<const uint8_t*>(refusal.data()), refusal.size()};
  // Loading and the setup see a plugin that accepts everything and derives
  // nothing; the input's replies start with its own commands.
  ScriptSetter()(&replies);

  std::vector<v1::PluginRef> refs(2);
  refs[0].set_file("libcasehub_lung.so");
  refs[1].set_file(CASEHUB_SCRIPTED_PLUGIN);
  absl::StatusOr<std::unique_ptr<engine::PluginHost>> plugins =
      engine::PluginHost::Load(CASEHUB_PLUGIN_DIR, refs);
  if (!plugins.ok()) return 0;
  (*plugins)->DescribeClaims();
  (*plugins)->RouteDiagnosis("C45.0");

  ScratchHub& hub = ScratchHub::Get();
  absl::StatusOr<engine::Engine*> engine = hub.StartInput(**plugins);
  if (!engine.ok()) return 0;

  const std::vector<casehub_scripted_reply> validate =
      Replies(hub, *script.mutable_validate(), storage);
  const std::vector<casehub_scripted_reply> react =
      Replies(hub, *script.mutable_react(), storage);
  const std::vector<casehub_scripted_reply> indicator_items =
      Replies(hub, *script.mutable_indicator_items(), storage);
  replies.validate = validate.data();
  replies.validate_count = validate.size();
  replies.react = react.data();
  replies.react_count = react.size();
  replies.indicator_items = indicator_items.data();
  replies.indicator_items_count = indicator_items.size();
  ScriptSetter()(&replies);

  std::vector<v1::Command> commands(script.commands().begin(), script.commands().end());
  if (commands.empty()) commands = DefaultCommands();
  for (const v1::Command& command : commands) hub.Run(command).IgnoreError();
  return 0;
}
