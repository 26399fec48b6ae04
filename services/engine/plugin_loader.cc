#include "services/engine/plugin_loader.h"

#include <dlfcn.h>

#include <filesystem>
#include <regex>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/plugin_abi.pb.h"
#include "casehub/status_macros.h"
#include "google/protobuf/descriptor.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {
namespace {

// The hub's side of casehub_sink: appends what the plugin writes.
void AppendToString(void* context, const uint8_t* data, size_t size) {
  static_cast<std::string*>(context)->append(reinterpret_cast<const char*>(data), size);
}

casehub_sink SinkInto(std::string* out) { return casehub_sink{out, &AppendToString}; }

absl::Status CallFailed(absl::string_view plugin, absl::string_view function, int code) {
  return absl::InternalError(absl::StrCat("plugin ", plugin, ": ", function,
                                          " failed with code ", code));
}

// The field numbers of `names` in `message`'s body oneof; FAILED_PRECONDITION
// naming the first name that is not one of them.
absl::StatusOr<BodyCases> BodyCasesOf(const v1::PluginDescriptor& descriptor,
                                      absl::string_view field,
                                      const google::protobuf::RepeatedPtrField<std::string>& names,
                                      const google::protobuf::Descriptor& message) {
  const google::protobuf::OneofDescriptor* body = message.FindOneofByName("body");
  BodyCases cases;
  for (const std::string& name : names) {
    const google::protobuf::FieldDescriptor* found = message.FindFieldByName(name);
    if (found == nullptr || found->containing_oneof() != body) {
      return absl::FailedPreconditionError(absl::StrCat(
          "plugin ", descriptor.id(), ": ", field, " names '", name, "', which is not in ",
          message.name(), ".body of this hub"));
    }
    cases.insert(found->number());
  }
  return cases;
}

// The parts of the state named in the descriptor's `reads`; the whole state
// when it names none. FAILED_PRECONDITION naming the first name that is not
// a field of PatientState.
absl::StatusOr<StateParts> StatePartsOf(const v1::PluginDescriptor& descriptor) {
  if (descriptor.reads().empty()) return kWholeState;
  StateParts parts = 0;
  for (const std::string& name : descriptor.reads()) {
    const google::protobuf::FieldDescriptor* found =
        v1::PatientState::descriptor()->FindFieldByName(name);
    if (found == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("plugin ", descriptor.id(), ": reads names '", name,
                       "', which is not a part of PatientState of this hub"));
    }
    // StateParts has a bit for each field number below 64, and
    // StateForPlugins serializes messages and single uint64s alone.
    const bool message = found->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE;
    const bool single_uint64 =
        found->cpp_type() == google::protobuf::FieldDescriptor::CPPTYPE_UINT64 &&
        !found->is_repeated();
    if (found->number() >= 64 || !(message || single_uint64)) {
      return absl::FailedPreconditionError(
          absl::StrCat("plugin ", descriptor.id(), ": reads names '", name,
                       "', a part this hub cannot hand over alone; declare no reads"));
    }
    parts |= StateParts{1} << found->number();
  }
  return parts;
}

absl::Status CheckDescriptor(const v1::PluginDescriptor& descriptor,
                             const std::string& path) {
  static const std::regex kIdPattern("[a-z0-9_]{1,40}");
  if (!std::regex_match(descriptor.id(), kIdPattern)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ", path, ": descriptor id '", descriptor.id(),
        "' must match [a-z0-9_]{1,40}"));
  }
  if (descriptor.kind() == v1::PLUGIN_KIND_TUMOR_TYPE) {
    if (descriptor.tumor_type().empty() || descriptor.icd10_claims().empty() ||
        descriptor.stages().empty()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "plugin ", descriptor.id(),
          ": a tumor-type plugin must declare tumor_type, icd10_claims and "
          "at least one pathway stage"));
    }
  } else if (descriptor.kind() != v1::PLUGIN_KIND_MODULE) {
    return absl::FailedPreconditionError(
        absl::StrCat("plugin ", descriptor.id(), ": kind is unspecified"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<LoadedPlugin>> LoadedPlugin::Load(const std::string& path,
                                                                 const std::string& settings) {
  if (!std::filesystem::exists(path)) {
    return absl::NotFoundError(absl::StrCat("plugin file ", path, " does not exist"));
  }
  // RTLD_LOCAL keeps each plugin's own symbols apart; RTLD_NOW reports a
  // missing symbol here rather than at a first call under load.
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("plugin ", path, " cannot be loaded: ", dlerror()));
  }
  absl::Cleanup unload_on_error = [handle] { dlclose(handle); };
  auto entry = reinterpret_cast<casehub_plugin_entry_fn>(
      dlsym(handle, CASEHUB_PLUGIN_ENTRY_SYMBOL));
  if (entry == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ", path, " is not a casehub plugin: it does not export ",
        CASEHUB_PLUGIN_ENTRY_SYMBOL));
  }
  const casehub_plugin_v1* table = entry();
  if (table == nullptr) {
    return absl::FailedPreconditionError(
        absl::StrCat("plugin ", path, ": ", CASEHUB_PLUGIN_ENTRY_SYMBOL, " returned null"));
  }
  // abi_version is the first field in every ABI version, so it is safe to
  // read before anything else is known about the table.
  if (table->abi_version != CASEHUB_PLUGIN_ABI_VERSION) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ", path, " was built for plugin ABI version ", table->abi_version,
        "; this casehub speaks ABI version ", CASEHUB_PLUGIN_ABI_VERSION,
        ". Rebuild the plugin against this casehub's SDK"));
  }
  if (table->struct_size < CASEHUB_PLUGIN_V1_0_SIZE || table->describe == nullptr ||
      table->validate == nullptr || table->react == nullptr || table->configure == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ", path, ": its ABI table is incomplete (struct_size ",
        table->struct_size, ", expected at least ", CASEHUB_PLUGIN_V1_0_SIZE, ")"));
  }
  std::string bytes;
  if (int code = table->describe(SinkInto(&bytes)); code != CASEHUB_PLUGIN_OK) {
    return CallFailed(path, "describe", code);
  }
  v1::PluginDescriptor descriptor;
  if (!descriptor.ParseFromString(bytes)) {
    return absl::FailedPreconditionError(
        absl::StrCat("plugin ", path, ": its descriptor does not parse"));
  }
  RETURN_IF_ERROR(CheckDescriptor(descriptor, path));
  ASSIGN_OR_RETURN(BodyCases validates, BodyCasesOf(descriptor, "validates",
                                                    descriptor.validates(),
                                                    *v1::Command::descriptor()));
  ASSIGN_OR_RETURN(BodyCases reacts_to, BodyCasesOf(descriptor, "reacts_to",
                                                   descriptor.reacts_to(),
                                                   *v1::Event::descriptor()));
  ASSIGN_OR_RETURN(StateParts reads, StatePartsOf(descriptor));
  std::string refusal;
  if (int code = table->configure(reinterpret_cast<const uint8_t*>(settings.data()),
                                  settings.size(), SinkInto(&refusal));
      code != CASEHUB_PLUGIN_OK) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin ", descriptor.id(), " refused its settings: ",
        refusal.empty() ? absl::StrCat("configure failed with code ", code) : refusal));
  }
  descriptor.set_abi_version(table->abi_version);
  descriptor.set_loaded_from(path);
  std::move(unload_on_error).Cancel();
  return std::unique_ptr<LoadedPlugin>(new LoadedPlugin(
      table, std::move(descriptor), std::move(validates), std::move(reacts_to), reads));
}

absl::Status LoadedPlugin::Validate(const v1::Command& command, const StateForPlugins& state,
                                    absl::Time now) const {
  if (!validates_.empty() && !validates_.contains(command.body_case())) {
    return absl::OkStatus();
  }
  v1::ValidateRequest request;
  *request.mutable_command() = command;
  *request.mutable_now() = ToProtoTime(now);
  std::string in =
      SerializeWithState(request, v1::ValidateRequest::kStateFieldNumber, state, reads_);
  std::string out;
  int code = table_->validate(reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                              SinkInto(&out));
  if (code != CASEHUB_PLUGIN_OK) return CallFailed(id(), "validate", code);
  v1::ValidateResponse response;
  if (!response.ParseFromString(out)) return CallFailed(id(), "validate", CASEHUB_PLUGIN_FAILED);
  if (response.code() == 0) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(response.code()),
                      absl::StrCat(id(), ": ", response.message()));
}

absl::StatusOr<std::vector<v1::Event>> LoadedPlugin::React(
    const v1::Event& event, const StateForPlugins& state) const {
  if (!reacts_to_.empty() && !reacts_to_.contains(event.body_case())) {
    return std::vector<v1::Event>();
  }
  v1::ReactRequest request;
  *request.mutable_event() = event;
  std::string in =
      SerializeWithState(request, v1::ReactRequest::kStateFieldNumber, state, reads_);
  std::string out;
  int code = table_->react(reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                           SinkInto(&out));
  if (code != CASEHUB_PLUGIN_OK) return CallFailed(id(), "react", code);
  v1::ReactResponse response;
  if (!response.ParseFromString(out)) return CallFailed(id(), "react", CASEHUB_PLUGIN_FAILED);
  return std::vector<v1::Event>(std::make_move_iterator(response.mutable_derived()->begin()),
                                std::make_move_iterator(response.mutable_derived()->end()));
}


absl::StatusOr<std::vector<v1::IndicatorEntry>> LoadedPlugin::IndicatorItems(
    const StateForPlugins& state) const {
  constexpr size_t kNeeded = offsetof(casehub_plugin_v1, indicator_items) +
                             sizeof(casehub_plugin_v1::indicator_items);
  if (table_->struct_size < kNeeded || table_->indicator_items == nullptr) {
    return std::vector<v1::IndicatorEntry>();
  }
  std::string in = SerializeWithState(v1::IndicatorItemsRequest(),
                                      v1::IndicatorItemsRequest::kStateFieldNumber, state, reads_);
  std::string out;
  int code = table_->indicator_items(reinterpret_cast<const uint8_t*>(in.data()), in.size(),
                                     SinkInto(&out));
  if (code != CASEHUB_PLUGIN_OK) return CallFailed(id(), "indicator_items", code);
  v1::IndicatorItemsResponse response;
  if (!response.ParseFromString(out)) {
    return CallFailed(id(), "indicator_items", CASEHUB_PLUGIN_FAILED);
  }
  return std::vector<v1::IndicatorEntry>(
      std::make_move_iterator(response.mutable_entries()->begin()),
      std::make_move_iterator(response.mutable_entries()->end()));
}

}  // namespace casehub::engine
