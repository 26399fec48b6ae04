// The network view through the real hub: the hub and the collaborator it
// supervises side by side, each with the same figures as its own report and
// no patient behind them; a site without an agreement is not in it; only the
// hub's people (and network administrators) see it.
#include "casehub/v1/report.grpc.pb.h"
#include "gmock/gmock.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class NetworkReportTest : public HubFixture {
 protected:
  NetworkReportTest()
      : HubFixture(AddUnrelatedSite), reports_(v1::ReportService::NewStub(channel_)) {}

  // A patient on cycle 1 of EP at `site`.
  std::string OnChemo(const std::string& request_id, const std::string& site) {
    const std::string patient = Register(request_id, site);
    const std::string case_id = OpenLungCase(patient, request_id + "-case", site).id();
    v1::FnRiskAssessment assessment;
    EXPECT_TRUE(AssessCycle(case_id, 1, "lung.ep", {}, &assessment).ok());
    EXPECT_TRUE(ConsentCycle(case_id, 1).ok());
    v1::ChemoCycle cycle;
    EXPECT_TRUE(StartCycle(case_id, 1, "lung.ep", &cycle).ok());
    return patient;
  }

  v1::NetworkReportRequest November() const {
    v1::NetworkReportRequest request;
    request.set_from_date("2026-11-01");
    request.set_to_date("2026-11-30");
    return request;
  }

  std::unique_ptr<v1::ReportService::Stub> reports_;
};

TEST_F(NetworkReportTest, TheHubAndItsCollaboratorSideBySide) {
  const std::string hub_patient = OnChemo("hub-1", "jc-hub");
  OnChemo("hub-2", "jc-hub");
  const std::string county_patient = OnChemo("county-1", "qs-county");
  Register("other-1", "ls-county");

  v1::NetworkReport report;
  ASSERT_TRUE(reports_->GetNetworkReport(As().get(), November(), &report).ok());
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.rows(0).site_id(), "jc-hub");
  EXPECT_EQ(report.rows(1).site_id(), "qs-county");
  EXPECT_EQ(report.rows(1).site_name(), "Qingshan County Hospital");
  EXPECT_THAT(report.DebugString(), ::testing::Not(HasSubstr(hub_patient)));
  EXPECT_THAT(report.DebugString(), ::testing::Not(HasSubstr(county_patient)));

  // Each row holds the figures of the site's own report.
  for (const v1::NetworkReportRow& row : report.rows()) {
    v1::MyeloReportRequest own;
    own.set_site_id(row.site_id());
    own.set_from_date("2026-11-01");
    own.set_to_date("2026-11-30");
    v1::MyeloReport single;
    ASSERT_TRUE(reports_->GetMyeloReport(As().get(), own, &single).ok());
    ASSERT_EQ(single.indicators_size(), row.indicators_size());
    for (int i = 0; i < row.indicators_size(); ++i) {
      EXPECT_EQ(row.indicators(i).id(), single.indicators(i).id());
      EXPECT_EQ(row.indicators(i).numerator(), single.indicators(i).numerator());
      EXPECT_EQ(row.indicators(i).denominator(), single.indicators(i).denominator());
    }
  }
  // The risk-assessment rate counts the cycles of each site: two and one.
  ASSERT_EQ(report.rows(0).indicators(0).id(), "risk_assessment_rate");
  EXPECT_EQ(report.rows(0).indicators(0).denominator(), 2u);
  EXPECT_EQ(report.rows(1).indicators(0).denominator(), 1u);
}

TEST_F(NetworkReportTest, OnlyTheHubsPeopleAndNetworkAdministratorsSeeIt) {
  v1::NetworkReportRequest of_hub = November();
  of_hub.set_hub_site_id("jc-hub");
  v1::NetworkReport report;
  EXPECT_EQ(reports_->GetNetworkReport(As("qs-county").get(), of_hub, &report).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(reports_->GetNetworkReport(AsNetworkAdmin().get(), of_hub, &report).ok());
  // A county has no network of its own.
  grpc::Status county = reports_->GetNetworkReport(As("qs-county").get(), November(), &report);
  EXPECT_EQ(county.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(county.error_message(), HasSubstr("not a hub hospital"));
  // A plugin's indicators: the agreement covers lung, so both rows again.
  v1::NetworkReportRequest lung = November();
  lung.set_plugin_id("lung");
  ASSERT_TRUE(reports_->GetNetworkReport(As().get(), lung, &report).ok());
  EXPECT_EQ(report.rows_size(), 2);
  lung.set_plugin_id("colorectal");
  const grpc::Status missing = reports_->GetNetworkReport(As().get(), lung, &report);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  // It names the field and what is installed.
  EXPECT_THAT(missing.error_message(),
              HasSubstr("plugin_id: no plugin 'colorectal' is installed ("));
  EXPECT_THAT(missing.error_message(), HasSubstr("lung"));
}

}  // namespace
}  // namespace casehub::hub
