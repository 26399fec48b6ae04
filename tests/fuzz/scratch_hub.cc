#include "tests/fuzz/scratch_hub.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/engine/field_rules.h"

namespace casehub::fuzz {
namespace {

// Inputs per store: bounds the disk a long run uses (a few KB a patient).
constexpr uint64_t kInputsPerStore = 2048;

template <typename T>
T OrFail(absl::StatusOr<T> result, absl::string_view what) {
  if (!result.ok()) Fail(absl::StrCat(what, ": ", result.status().ToString()));
  return *std::move(result);
}

v1::Site MakeSite(const char* id, const char* name, v1::SiteKind kind, const char* parent) {
  v1::Site site;
  site.set_id(id);
  site.set_name(name);
  site.set_kind(kind);
  site.set_parent_site_id(parent);
  return site;
}

void SetDefaultActor(v1::Command& command) {
  command.mutable_actor()->set_principal_id("clinician.jc-hub");
  command.mutable_actor()->set_site_id(kHubSite);
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
}

// The RequestMeta of the command's body, if it has one.
v1::RequestMeta* MetaOf(v1::Command& command) {
  const google::protobuf::Reflection* reflection = command.GetReflection();
  const google::protobuf::FieldDescriptor* body = reflection->GetOneofFieldDescriptor(
      command, command.GetDescriptor()->FindOneofByName("body"));
  if (body == nullptr) return nullptr;
  google::protobuf::Message* request = reflection->MutableMessage(&command, body);
  const google::protobuf::FieldDescriptor* meta =
      request->GetDescriptor()->FindFieldByName("meta");
  if (meta == nullptr || meta->message_type() != v1::RequestMeta::descriptor()) return nullptr;
  return static_cast<v1::RequestMeta*>(request->GetReflection()->MutableMessage(request, meta));
}

// Replaces the tokens in every string of `message`, nested ones included.
void ReplaceInStrings(google::protobuf::Message& message,
                      const std::vector<std::pair<std::string, std::string>>& tokens) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* reflection = message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          reflection->SetRepeatedString(
              &message, field, i,
              absl::StrReplaceAll(reflection->GetRepeatedString(message, field, i), tokens));
        }
      } else {
        reflection->SetString(&message, field,
                              absl::StrReplaceAll(reflection->GetString(message, field), tokens));
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
          ReplaceInStrings(*reflection->MutableRepeatedMessage(&message, field, i), tokens);
        }
      } else {
        ReplaceInStrings(*reflection->MutableMessage(&message, field), tokens);
      }
    }
  }
}

}  // namespace

void Fail(absl::string_view what) {
  std::fprintf(stderr, "fuzz target: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

std::unique_ptr<engine::PluginHost> LoadBuiltPlugins(const std::vector<std::string>& files) {
  std::vector<v1::PluginRef> refs;
  for (const std::string& file : files) refs.emplace_back().set_file(file);
  return OrFail(engine::PluginHost::Load(CASEHUB_PLUGIN_DIR, refs), "loading the plugins");
}

ScratchHub& ScratchHub::Get() {
  static ScratchHub* const hub = [] {
    auto* hub = new ScratchHub();
    const char* tmp = getenv("TMPDIR");
    std::string pattern = (std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") /
                           "casehub-fuzz-XXXXXX")
                              .string();
    if (mkdtemp(pattern.data()) == nullptr) Fail(absl::StrCat("mkdtemp ", pattern));
    hub->dir_ = pattern;
    return hub;
  }();
  return *hub;
}

void ScratchHub::CloseAtExit() {
  ScratchHub& hub = Get();
  hub.Close();
  std::error_code ignored;
  std::filesystem::remove_all(hub.dir_, ignored);
}

void ScratchHub::Close() {
  engine_.reset();
  alert_feed_.reset();
  sites_.reset();
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(std::filesystem::path(dir_) / absl::StrCat("store-", stores_),
                              ignored);
}

void ScratchHub::OpenFreshStore() {
  ++stores_;
  // No WAL sync: durability is not what the fuzzer tests, and a sync per
  // command would make it a hundred times slower.
  store_ = OrFail(store::Store::Open({.path = (std::filesystem::path(dir_) /
                                               absl::StrCat("store-", stores_))
                                                  .string(),
                                      .sync_writes = false}),
                  "opening the scratch store");
  if (stores_ == 1) {
    // Registered after RocksDB made its static state (the default Env, its
    // thread pools), so that at exit the store closes before that goes.
    atexit(&ScratchHub::CloseAtExit);
  }
  sites_ = OrFail(engine::SiteDirectory::Load(store_.get()), "loading sites");
  for (const v1::Site& site :
       {MakeSite(kHubSite, "Jiangcheng Cancer Hospital", v1::SITE_KIND_HUB_HOSPITAL, ""),
        MakeSite(kCountySite, "Qingshan County Hospital", v1::SITE_KIND_COUNTY_HOSPITAL,
                 kHubSite)}) {
    if (absl::Status status = sites_->Upsert(site); !status.ok()) {
      Fail(absl::StrCat("adding site ", site.id(), ": ", status.ToString()));
    }
  }
  alert_feed_ = OrFail(engine::AlertFeed::Open(store_.get()), "opening the alert feed");
}

absl::StatusOr<engine::Engine*> ScratchHub::StartInput(const engine::PluginHost& plugins) {
  engine_.reset();
  if (store_ == nullptr || inputs_ % kInputsPerStore == 0) {
    if (store_ != nullptr) Close();
    OpenFreshStore();
  }
  ++inputs_;
  engine_ = std::make_unique<engine::Engine>(store_.get(), &plugins, sites_.get(),
                                             alert_feed_.get(), &clock_);
  tokens_.clear();
  const std::string setup = absl::StrCat("setup-", inputs_, "-");

  v1::Command command;
  SetDefaultActor(command);
  v1::RegisterPatientRequest* registration = command.mutable_register_patient();
  registration->mutable_meta()->set_request_id(absl::StrCat(setup, "register"));
  registration->mutable_patient()->set_name("王建国");
  registration->mutable_patient()->set_sex(v1::SEX_MALE);
  registration->mutable_patient()->set_birth_date("1958-03-12");
  absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(command);
  if (!outcome.ok()) return outcome.status();
  const std::string patient_id = outcome->patient_id();

  command.Clear();
  SetDefaultActor(command);
  v1::OpenCaseRequest* open = command.mutable_open_case();
  open->mutable_meta()->set_request_id(absl::StrCat(setup, "open"));
  open->set_patient_id(patient_id);
  open->mutable_diagnosis()->set_code("C34.1");
  if (outcome = engine_->Execute(command); !outcome.ok()) return outcome.status();

  command.Clear();
  SetDefaultActor(command);
  v1::RecordLabResultRequest* lab = command.mutable_record_lab_result();
  lab->mutable_meta()->set_request_id(absl::StrCat(setup, "anc"));
  lab->set_patient_id(patient_id);
  lab->mutable_result()->mutable_code()->set_code("751-8");
  lab->mutable_result()->set_value(0.4);
  lab->mutable_result()->set_unit("10*9/L");
  *lab->mutable_result()->mutable_observed_at() =
      engine::ToProtoTime(clock_.Now() - absl::Hours(1));
  if (outcome = engine_->Execute(command); !outcome.ok()) return outcome.status();

  absl::StatusOr<v1::PatientState> state = engine_->LoadState(patient_id);
  if (!state.ok()) return state.status();
  // Bind and Run rely on the order: [0] @patient, [1] @entity.
  tokens_ = {{"@patient", patient_id},
             {"@entity", ""},
             {"@alert", state->alerts().empty() ? "" : state->alerts(0).id()},
             {"@case", state->cases().empty() ? "" : state->cases(0).id()},
             {"@task", state->tasks().empty() ? "" : state->tasks(0).id()}};
  return engine_.get();
}

void ScratchHub::ReplaceTokens(google::protobuf::Message& message) const {
  ReplaceInStrings(message, tokens_);
}

v1::Command ScratchHub::Bind(v1::Command command) const {
  ReplaceTokens(command);
  if (v1::RequestMeta* meta = MetaOf(command); meta != nullptr && !meta->request_id().empty()) {
    // The patient id: unique to the input, and of the same length in every
    // run, so that a crashing input replays the same.
    meta->set_request_id(absl::StrCat(meta->request_id(), ".", tokens_[0].second));
  }
  if (!command.has_actor()) SetDefaultActor(command);
  return command;
}

absl::StatusOr<v1::CommandOutcome> ScratchHub::Run(const v1::Command& command) {
  const v1::Command bound = Bind(command);
  absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(bound);
  if (outcome.ok()) tokens_[1].second = outcome->entity_id();
  if (getenv("CASEHUB_FUZZ_VERBOSE") != nullptr) {
    std::fprintf(stderr, "%s\n  -> %s\n", bound.ShortDebugString().c_str(),
                 outcome.ok() ? outcome->ShortDebugString().c_str()
                              : outcome.status().ToString().c_str());
  }
  return outcome;
}

}  // namespace casehub::fuzz
