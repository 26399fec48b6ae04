#include "tests/engine/engine_fixture.h"

#include "services/engine/field_rules.h"

namespace casehub::engine {

EngineFixture::EngineFixture(std::vector<std::string> plugin_files)
    : plugin_files_(std::move(plugin_files)) {
  Restart();
  v1::Site hub;
  hub.set_id(kHub);
  hub.set_name("Jiangcheng Cancer Hospital");
  hub.set_kind(v1::SITE_KIND_HUB_HOSPITAL);
  EXPECT_TRUE(sites_->Upsert(hub).ok());
  v1::Site county;
  county.set_id(kCounty);
  county.set_name("Qingshan County Hospital");
  county.set_kind(v1::SITE_KIND_COUNTY_HOSPITAL);
  county.set_parent_site_id(kHub);
  EXPECT_TRUE(sites_->Upsert(county).ok());
}

void EngineFixture::Restart() {
  engine_.reset();
  alert_feed_.reset();
  sites_.reset();
  store_.reset();
  auto store = store::Store::Open({.path = dir_.Sub("data")});
  ASSERT_TRUE(store.ok()) << store.status();
  store_ = *std::move(store);
  auto sites = SiteDirectory::Load(store_.get());
  ASSERT_TRUE(sites.ok()) << sites.status();
  sites_ = *std::move(sites);
  if (plugins_ == nullptr) {
    std::vector<v1::PluginRef> refs;
    for (const std::string& file : plugin_files_) refs.emplace_back().set_file(file);
    auto plugins = PluginHost::Load(CASEHUB_PLUGIN_DIR, refs);
    ASSERT_TRUE(plugins.ok()) << plugins.status();
    plugins_ = *std::move(plugins);
  }
  auto alert_feed = AlertFeed::Open(store_.get());
  ASSERT_TRUE(alert_feed.ok()) << alert_feed.status();
  alert_feed_ = *std::move(alert_feed);
  engine_ = std::make_unique<Engine>(store_.get(), plugins_.get(), sites_.get(),
                                     alert_feed_.get(), &clock_);
}

v1::Command EngineFixture::As(const std::string& site) const {
  v1::Command command;
  command.mutable_actor()->set_principal_id("clinician.jc-hub");
  command.mutable_actor()->set_site_id(site);
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
  return command;
}

v1::Command EngineFixture::Register(const std::string& request_id, const std::string& name) const {
  v1::Command command = As();
  v1::RegisterPatientRequest* request = command.mutable_register_patient();
  request->mutable_meta()->set_request_id(request_id);
  request->mutable_patient()->set_name(name);
  request->mutable_patient()->set_sex(v1::SEX_MALE);
  request->mutable_patient()->set_birth_date("1958-03-12");
  return command;
}

v1::Command EngineFixture::OpenCase(const std::string& request_id, const std::string& patient_id,
                                    const std::string& icd10) const {
  v1::Command command = As();
  v1::OpenCaseRequest* request = command.mutable_open_case();
  request->mutable_meta()->set_request_id(request_id);
  request->set_patient_id(patient_id);
  request->mutable_diagnosis()->set_code(icd10);
  return command;
}

v1::Command EngineFixture::RecordAnc(const std::string& request_id, const std::string& patient_id,
                                     double value) const {
  v1::Command command = As();
  v1::RecordLabResultRequest* request = command.mutable_record_lab_result();
  request->mutable_meta()->set_request_id(request_id);
  request->set_patient_id(patient_id);
  request->mutable_result()->mutable_code()->set_code("751-8");
  request->mutable_result()->set_value(value);
  request->mutable_result()->set_unit("10*9/L");
  *request->mutable_result()->mutable_observed_at() = ToProtoTime(clock_.Now() - absl::Hours(1));
  return command;
}

v1::Command EngineFixture::ChangeStage(const std::string& request_id, const std::string& case_id,
                                       const std::string& to) const {
  v1::Command command = As();
  v1::ChangeCaseStageRequest* request = command.mutable_change_case_stage();
  request->mutable_meta()->set_request_id(request_id);
  request->set_case_id(case_id);
  request->set_to_stage(to);
  return command;
}

v1::Command EngineFixture::RecordCaseData(
    const std::string& request_id, const std::string& case_id,
    const std::vector<std::pair<std::string, std::string>>& facts) const {
  v1::Command command = As();
  v1::RecordCaseDataRequest* request = command.mutable_record_case_data();
  request->mutable_meta()->set_request_id(request_id);
  request->set_case_id(case_id);
  for (const auto& [key, value] : facts) {
    v1::CaseFact* fact = request->add_facts();
    fact->set_key(key);
    fact->set_value(value);
  }
  return command;
}

v1::Command EngineFixture::CompleteTask(const std::string& request_id,
                                        const std::string& task_id) const {
  v1::Command command = As();
  command.mutable_complete_task()->mutable_meta()->set_request_id(request_id);
  command.mutable_complete_task()->set_task_id(task_id);
  return command;
}

std::string EngineFixture::NewPatient(const std::string& request_id) {
  absl::StatusOr<v1::CommandOutcome> outcome = engine_->Execute(Register(request_id));
  EXPECT_TRUE(outcome.ok()) << outcome.status();
  return outcome.ok() ? outcome->patient_id() : "";
}

}  // namespace casehub::engine
