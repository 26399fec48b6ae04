#include "tests/api/hub_fixture.h"

#include "absl/strings/str_cat.h"
#include "services/engine/field_rules.h"
#include "services/hub/config.h"

namespace casehub::hub {
namespace {

v1::HubConfig TestConfig(const std::string& data_dir) {
  v1::HubConfig config;
  config.set_listen("127.0.0.1:0");
  config.set_data_dir(data_dir);
  config.set_plugin_dir(CASEHUB_PLUGIN_DIR);
  config.add_plugins()->set_file("libcasehub_lung.so");
  config.add_plugins()->set_file("libcasehub_myelosuppression.so");
  config.set_worker_threads(4);
  config.set_max_queued_requests(64);
  config.set_scheduler_interval_ms(1000);
  // Tests log in often; a real hub hashes with the default 600000.
  config.set_password_hash_iterations(1000);
  v1::Site* hub = config.add_sites();
  hub->set_id("jc-hub");
  hub->set_name("Jiangcheng Cancer Hospital");
  hub->set_kind(v1::SITE_KIND_HUB_HOSPITAL);
  v1::Site* county = config.add_sites();
  county->set_id("qs-county");
  county->set_name("Qingshan County Hospital");
  county->set_kind(v1::SITE_KIND_COUNTY_HOSPITAL);
  county->set_parent_site_id("jc-hub");
  // The hub supervises the county for every tumor type and module, as in
  // the demo network.
  v1::CollaborationAgreement* agreement = config.add_agreements();
  agreement->set_id("jc-qs");
  agreement->set_hub_site_id("jc-hub");
  agreement->set_collaborator_site_id("qs-county");
  agreement->set_start_date("2026-01-01");
  ApplyDefaults("", config);
  return config;
}

}  // namespace

HubFixture::HubFixture(const std::function<void(v1::HubConfig&)>& adjust) {
  hub_config_ = TestConfig(dir_.Sub("data"));
  if (adjust) adjust(hub_config_);
  auto hub = Hub::Start(hub_config_, &clock_, /*run_scheduler=*/false);
  if (!hub.ok()) {
    ADD_FAILURE() << hub.status();
    return;
  }
  hub_ = *std::move(hub);
  Connect();
}

void HubFixture::AddUnrelatedSite(v1::HubConfig& config) {
  v1::Site* unrelated = config.add_sites();
  unrelated->set_id("ls-county");
  unrelated->set_name("Liuxi County Hospital");
  unrelated->set_kind(v1::SITE_KIND_COUNTY_HOSPITAL);
}

void HubFixture::Connect() {
  channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", hub_->port()),
                                 grpc::InsecureChannelCredentials());
  sites_ = v1::SiteService::NewStub(channel_);
  patients_ = v1::PatientService::NewStub(channel_);
  cases_ = v1::CaseService::NewStub(channel_);
  clinical_ = v1::ClinicalService::NewStub(channel_);
  tasks_ = v1::TaskService::NewStub(channel_);
  plugins_ = v1::PluginService::NewStub(channel_);
  admin_ = v1::AdminService::NewStub(channel_);
  alerts_ = v1::AlertService::NewStub(channel_);
  chemo_ = v1::ChemoService::NewStub(channel_);
}

HubFixture::~HubFixture() = default;

std::unique_ptr<grpc::ClientContext> HubFixture::Anonymous() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

std::string HubFixture::TokenOf(const std::string& id, const std::string& site,
                                const std::vector<v1::Role>& roles) const {
  auto cached = tokens_.find(id);
  if (cached != tokens_.end() && cached->second.expires > clock_.Now()) {
    return cached->second.token;
  }
  if (!hub_->principals().Find(id)) {
    v1::Principal principal;
    principal.set_id(id);
    principal.set_display_name(id);
    principal.set_site_id(site);
    for (v1::Role role : roles) principal.add_roles(role);
    absl::StatusOr<v1::Principal> created = hub_->principals().Create(principal, kPassword, "test");
    EXPECT_TRUE(created.ok()) << created.status();
  }
  absl::StatusOr<v1::LoginResponse> login = hub_->authenticator().Login(id, kPassword);
  EXPECT_TRUE(login.ok()) << login.status();
  if (!login.ok()) return "";
  tokens_[id] = {login->token(), engine::ToAbslTime(login->expires_at())};
  return login->token();
}

std::unique_ptr<grpc::ClientContext> HubFixture::WithToken(const std::string& token) const {
  auto context = Anonymous();
  context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  return context;
}

std::unique_ptr<grpc::ClientContext> HubFixture::AsPrincipal(
    const std::string& id, const std::string& site, const std::vector<v1::Role>& roles) const {
  return WithToken(TokenOf(id, site, roles));
}

std::unique_ptr<grpc::ClientContext> HubFixture::AsNetworkAdmin() const {
  return AsPrincipal("netadmin", "jc-hub", {v1::ROLE_NETWORK_ADMIN});
}

std::unique_ptr<grpc::ClientContext> HubFixture::As(const std::string& site) const {
  return AsPrincipal(absl::StrCat("clinician.", site), site,
                     {v1::ROLE_CASE_MANAGER, v1::ROLE_PHYSICIAN, v1::ROLE_NURSE,
                      v1::ROLE_PHARMACIST});
}

std::string HubFixture::Register(const std::string& request_id, const std::string& site) {
  v1::RegisterPatientRequest request;
  request.mutable_meta()->set_request_id(request_id);
  request.mutable_patient()->set_name("李秀英");
  request.mutable_patient()->set_sex(v1::SEX_FEMALE);
  request.mutable_patient()->set_birth_date("1966-07-21");
  v1::PatientView view;
  grpc::Status status = patients_->RegisterPatient(As(site).get(), request, &view);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return view.state().patient().id();
}

v1::Case HubFixture::OpenLungCase(const std::string& patient, const std::string& request_id,
                                  const std::string& site) {
  v1::OpenCaseRequest request;
  request.mutable_meta()->set_request_id(request_id);
  request.set_patient_id(patient);
  request.mutable_diagnosis()->set_code("C34.1");
  v1::Case opened;
  grpc::Status status = cases_->OpenCase(As(site).get(), request, &opened);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return opened;
}

v1::RecordLabResultRequest HubFixture::Anc(const std::string& patient, double value,
                                           const std::string& request_id) const {
  v1::RecordLabResultRequest request;
  request.mutable_meta()->set_request_id(request_id);
  request.set_patient_id(patient);
  request.mutable_result()->mutable_code()->set_code("751-8");
  request.mutable_result()->set_value(value);
  request.mutable_result()->set_unit("10*9/L");
  *request.mutable_result()->mutable_observed_at() =
      engine::ToProtoTime(clock_.Now() - absl::Minutes(30));
  return request;
}

grpc::Status HubFixture::AssessCycle(const std::string& case_id, uint32_t cycle,
                                     const std::string& regimen, std::set<std::string> present,
                                     v1::FnRiskAssessment* result, const std::string& skip) {
  // Every factor of clinical-rules.md §2.3, the module's structured form.
  static constexpr const char* kFactors[] = {
      "age_gt_65_full_dose",    "prior_chemo_or_rt",         "persistent_neutropenia",
      "bone_marrow_involvement", "recent_surgery_open_wound", "liver_dysfunction",
      "renal_dysfunction",      "prior_FN",                  "poor_ps_or_nutrition",
      "advanced_disease",       "active_infection",          "cardiovascular_disease",
      "multiple_comorbidities", "HIV"};
  v1::RecordFnRiskAssessmentRequest request;
  request.mutable_meta()->set_request_id(absl::StrCat("assess-", ++writes_));
  request.set_case_id(case_id);
  request.set_cycle_number(cycle);
  request.set_regimen_id(regimen);
  for (const char* factor : kFactors) {
    if (factor == skip) continue;
    v1::RiskFactorAnswer* answer = request.add_answers();
    answer->set_key(factor);
    answer->set_present(present.contains(factor));
  }
  return chemo_->RecordFnRiskAssessment(As().get(), request, result);
}

grpc::Status HubFixture::ConsentCycle(const std::string& case_id, uint32_t cycle) {
  v1::RecordChemoConsentRequest request;
  request.mutable_meta()->set_request_id(absl::StrCat("consent-", ++writes_));
  request.set_case_id(case_id);
  request.set_cycle_number(cycle);
  request.set_document_ref("ICF-2026-0042");
  v1::ChemoConsent consent;
  return chemo_->RecordChemoConsent(As().get(), request, &consent);
}

v1::StartChemoCycleRequest HubFixture::CycleRequest(const std::string& case_id, uint32_t cycle,
                                                    const std::string& regimen) const {
  v1::StartChemoCycleRequest request;
  request.set_case_id(case_id);
  request.set_cycle_number(cycle);
  request.set_regimen_id(regimen);
  request.set_planned_start_date(absl::FormatTime("%Y-%m-%d", clock_.Now(), absl::UTCTimeZone()));
  request.set_planned_cycles(6);
  request.set_cycle_length_days(21);
  v1::CycleDose* dose = request.add_doses();
  dose->set_drug("etoposide");
  dose->set_unit("mg/m2");
  dose->set_planned_dose(100);
  dose->set_delivered_dose(100);
  return request;
}

grpc::Status HubFixture::StartCycle(const std::string& case_id, uint32_t cycle,
                                    const std::string& regimen, v1::ChemoCycle* started) {
  return StartCycle(CycleRequest(case_id, cycle, regimen), started);
}

grpc::Status HubFixture::StartCycle(v1::StartChemoCycleRequest request, v1::ChemoCycle* started) {
  request.mutable_meta()->set_request_id(absl::StrCat("start-", ++writes_));
  return chemo_->StartChemoCycle(As().get(), request, started);
}

}  // namespace casehub::hub
