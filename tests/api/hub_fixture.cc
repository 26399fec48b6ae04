#include "tests/api/hub_fixture.h"

#include "absl/strings/str_cat.h"
#include "services/engine/field_rules.h"

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
  v1::Site* hub = config.add_sites();
  hub->set_id("jc-hub");
  hub->set_name("Jiangcheng Cancer Hospital");
  hub->set_kind(v1::SITE_KIND_HUB_HOSPITAL);
  v1::Site* county = config.add_sites();
  county->set_id("qs-county");
  county->set_name("Qingshan County Hospital");
  county->set_kind(v1::SITE_KIND_COUNTY_HOSPITAL);
  county->set_parent_site_id("jc-hub");
  return config;
}

}  // namespace

HubFixture::HubFixture() {
  auto hub = Hub::Start(TestConfig(dir_.Sub("data")), &clock_, /*run_scheduler=*/false);
  if (!hub.ok()) {
    ADD_FAILURE() << hub.status();
    return;
  }
  hub_ = *std::move(hub);
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
}

HubFixture::~HubFixture() = default;

std::unique_ptr<grpc::ClientContext> HubFixture::Anonymous() const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return context;
}

std::unique_ptr<grpc::ClientContext> HubFixture::As(const std::string& site) const {
  auto context = Anonymous();
  context->AddMetadata("x-casehub-principal", "nurse-li");
  context->AddMetadata("x-casehub-site", site);
  context->AddMetadata("x-casehub-role", "case_manager");
  return context;
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

v1::Case HubFixture::OpenLungCase(const std::string& patient, const std::string& request_id) {
  v1::OpenCaseRequest request;
  request.mutable_meta()->set_request_id(request_id);
  request.set_patient_id(patient);
  request.mutable_diagnosis()->set_code("C34.1");
  v1::Case opened;
  grpc::Status status = cases_->OpenCase(As().get(), request, &opened);
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

}  // namespace casehub::hub
