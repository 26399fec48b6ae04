// The myelosuppression indicators on a hand-built cohort whose figures can be
// checked by hand (clinical-rules.md §6 definitions):
//   A (hub)    cycle 1, ANC 0.8 on day 8 (CTCAE G3) -> critical alert,
//              acknowledged after 6 min, intervened, closed
//   B (hub)    cycle 1, ANC 1.6 on day 9 (G1, LLN 2.0), fever with ANC 0.4 -> FN
//   C (hub)    ANC 0.5 before any cycle -> critical alert, acknowledged after
//              10 min, left open; then cycle 1 with no ANC in it
//   D (county) cycle 1: another site, never counted at the hub
// Expected at the hub: risk assessment 3/3, CIN >=2 1/2, CIN >=3 1/2,
// FN 1/3, closed loop 1/2, median minutes to acknowledge (6 + 10) / 2 = 8.
#include "casehub/v1/report.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

class MyeloReportTest : public HubFixture {
 protected:
  std::string OnCycleOne(const std::string& request_id, const std::string& site = "jc-hub",
                         const std::string& regimen = "lung.ep") {
    std::string patient = Register(request_id, site);
    std::string case_id = OpenLungCase(patient, request_id + "-case", site).id();
    v1::FnRiskAssessment assessment;
    EXPECT_TRUE(AssessCycle(case_id, 1, regimen, {}, &assessment).ok());
    EXPECT_TRUE(ConsentCycle(case_id, 1).ok());
    v1::ChemoCycle cycle;
    EXPECT_TRUE(StartCycle(case_id, 1, regimen, &cycle).ok());
    cases_of_[patient] = case_id;
    return patient;
  }
  void Lab(const std::string& patient, double anc, const std::string& request_id) {
    v1::RecordLabResultResponse recorded;
    ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient, anc, request_id), &recorded)
                    .ok());
  }
  std::string OpenAlertOf(const std::string& patient) {
    v1::ListAlertsResponse open;
    EXPECT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
    for (const v1::Alert& alert : open.alerts()) {
      if (alert.patient_id() == patient) return alert.id();
    }
    ADD_FAILURE() << "no open alert for " << patient;
    return "";
  }
  template <typename Request>
  Request Step(const std::string& alert_id) {
    Request request;
    request.mutable_meta()->set_request_id(absl::StrCat("step-", ++writes_));
    request.set_alert_id(alert_id);
    return request;
  }
  v1::MyeloReport Report(const std::string& from, const std::string& to,
                         const std::string& tumor = "") {
    auto reports = v1::ReportService::NewStub(channel_);
    v1::MyeloReportRequest request;
    request.set_from_date(from);
    request.set_to_date(to);
    request.set_tumor_type(tumor);
    v1::MyeloReport report;
    grpc::Status status = reports->GetMyeloReport(As().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }
  static const v1::Indicator& Find(const v1::MyeloReport& report, const std::string& id) {
    for (const v1::Indicator& indicator : report.indicators()) {
      if (indicator.id() == id) return indicator;
    }
    ADD_FAILURE() << "no indicator " << id;
    return v1::Indicator::default_instance();
  }

  std::map<std::string, std::string> cases_of_;
};

TEST_F(MyeloReportTest, HandCheckedCohort) {
  // C's critical value comes before any cycle (its clock minutes are the
  // fixture's, 2026-11-02 09:00).
  std::string c = Register("c");
  std::string c_case = OpenLungCase(c, "c-case").id();
  Lab(c, 0.5, "c-anc");
  std::string c_alert = OpenAlertOf(c);
  clock_.Advance(absl::Minutes(10));
  v1::Alert alert;
  ASSERT_TRUE(alerts_->AcknowledgeAlert(As().get(), Step<v1::AcknowledgeAlertRequest>(c_alert),
                                        &alert).ok());
  v1::FnRiskAssessment assessment;
  ASSERT_TRUE(AssessCycle(c_case, 1, "lung.ep", {}, &assessment).ok());
  ASSERT_TRUE(ConsentCycle(c_case, 1).ok());
  v1::ChemoCycle cycle;
  ASSERT_TRUE(StartCycle(c_case, 1, "lung.ep", &cycle).ok());

  std::string a = OnCycleOne("a");
  std::string b = OnCycleOne("b");
  OnCycleOne("d", "qs-county");

  clock_.Advance(absl::Hours(24 * 8));
  Lab(a, 0.8, "a-anc");
  std::string a_alert = OpenAlertOf(a);
  clock_.Advance(absl::Minutes(6));
  ASSERT_TRUE(alerts_->AcknowledgeAlert(As().get(), Step<v1::AcknowledgeAlertRequest>(a_alert),
                                        &alert).ok());
  auto intervene = Step<v1::RecordAlertInterventionRequest>(a_alert);
  intervene.set_intervention("rhG-CSF started");
  ASSERT_TRUE(alerts_->RecordAlertIntervention(As().get(), intervene, &alert).ok());
  ASSERT_TRUE(alerts_->CloseAlert(As().get(), Step<v1::CloseAlertRequest>(a_alert), &alert).ok());

  clock_.Advance(absl::Hours(24));
  Lab(b, 1.6, "b-anc");
  v1::RecordFebrileEpisodeRequest fever;
  fever.mutable_meta()->set_request_id("b-fever");
  fever.set_case_id(cases_of_[b]);
  *fever.mutable_observed_at() = engine::ToProtoTime(clock_.Now());
  fever.set_temperature_c(38.9);
  fever.set_anc(0.4);
  v1::FebrileEpisode episode;
  ASSERT_TRUE(chemo_->RecordFebrileEpisode(As().get(), fever, &episode).ok());
  ASSERT_TRUE(episode.febrile_neutropenia());

  v1::MyeloReport report = Report("2026-11-01", "2026-11-30");
  const v1::Indicator& assessed = Find(report, "risk_assessment_rate");
  EXPECT_EQ(assessed.numerator(), 3u);
  EXPECT_EQ(assessed.denominator(), 3u);
  const v1::Indicator& cin2 = Find(report, "cin_incidence_g2");
  EXPECT_EQ(cin2.numerator(), 1u);
  EXPECT_EQ(cin2.denominator(), 2u);
  ASSERT_TRUE(cin2.has_rate());
  EXPECT_DOUBLE_EQ(cin2.rate(), 0.5);
  ASSERT_EQ(cin2.numerator_items_size(), 1);
  EXPECT_EQ(cin2.numerator_items(0).patient_id(), a) << "the figure names its patients";
  const v1::Indicator& cin3 = Find(report, "cin_incidence_g3");
  EXPECT_EQ(cin3.numerator(), 1u);
  EXPECT_EQ(cin3.denominator(), 2u);
  const v1::Indicator& fn = Find(report, "fn_incidence");
  EXPECT_EQ(fn.numerator(), 1u);
  EXPECT_EQ(fn.denominator(), 3u);
  EXPECT_EQ(fn.numerator_items(0).patient_id(), b);
  const v1::Indicator& loop = Find(report, "critical_value_closed_loop_rate");
  EXPECT_EQ(loop.numerator(), 1u);
  EXPECT_EQ(loop.denominator(), 2u);
  ASSERT_TRUE(report.has_median_minutes_to_acknowledge());
  EXPECT_DOUBLE_EQ(report.median_minutes_to_acknowledge(), 8.0);

  // Filters: another tumor type, a period before anything happened.
  EXPECT_EQ(Find(Report("2026-11-01", "2026-11-30", "breast"), "fn_incidence").denominator(), 0u);
  v1::MyeloReport earlier = Report("2026-10-01", "2026-10-31");
  EXPECT_EQ(Find(earlier, "risk_assessment_rate").denominator(), 0u);
  EXPECT_FALSE(Find(earlier, "risk_assessment_rate").has_rate());
  EXPECT_FALSE(earlier.has_median_minutes_to_acknowledge());

  // The county sees its own cycle only.
  auto reports = v1::ReportService::NewStub(channel_);
  v1::MyeloReportRequest county;
  county.set_from_date("2026-11-01");
  county.set_to_date("2026-11-30");
  v1::MyeloReport county_report;
  ASSERT_TRUE(reports->GetMyeloReport(As("qs-county").get(), county, &county_report).ok());
  EXPECT_EQ(Find(county_report, "risk_assessment_rate").denominator(), 1u);
}

// clinical-rules.md §6: primary prophylaxis among cycle-1 starts on a
// high-risk regimen (E got pegfilgrastim, F did not: 1/2), and over-use on a
// low-risk regimen (G got filgrastim: 1/1, which also puts the dose on the
// pharmacists' review worklist, §2.4 last bullet).
TEST_F(MyeloReportTest, ProphylaxisIndicatorsAndPharmacistReview) {
  std::string e = OnCycleOne("e", "jc-hub", "lung.topotecan");
  OnCycleOne("f", "jc-hub", "lung.topotecan");
  std::string g = OnCycleOne("g", "jc-hub", "lung.pemetrexed_platinum");
  clock_.Advance(absl::Hours(30));
  auto give = [&](const std::string& patient, const std::string& drug, double dose,
                  const std::string& unit) {
    v1::RecordProphylaxisRequest request;
    request.mutable_meta()->set_request_id(absl::StrCat("gcsf-", patient));
    request.set_case_id(cases_of_[patient]);
    request.set_cycle_number(1);
    request.set_drug(drug);
    request.set_dose(dose);
    request.set_dose_unit(unit);
    request.set_hours_after_chemo_end(30);
    *request.mutable_administered_at() = engine::ToProtoTime(clock_.Now());
    v1::ProphylaxisAdministration given;
    grpc::Status status = chemo_->RecordProphylaxis(As().get(), request, &given);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return given;
  };
  EXPECT_FALSE(give(e, "pegfilgrastim", 6, "mg").needs_pharmacist_review());
  EXPECT_TRUE(give(g, "filgrastim", 5, "ug/kg").needs_pharmacist_review());

  v1::MyeloReport report = Report("2026-11-01", "2026-11-30");
  const v1::Indicator& primary = Find(report, "primary_prophylaxis_rate_high_risk");
  EXPECT_EQ(primary.numerator(), 1u);
  EXPECT_EQ(primary.denominator(), 2u);
  const v1::Indicator& overuse = Find(report, "prophylaxis_overuse_low_risk");
  EXPECT_EQ(overuse.numerator(), 1u);
  EXPECT_EQ(overuse.denominator(), 1u);

  v1::ListWorklistRequest pharmacists;
  pharmacists.set_role(v1::ROLE_PHARMACIST);
  v1::ListWorklistResponse worklist;
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), pharmacists, &worklist).ok());
  ASSERT_EQ(worklist.tasks_size(), 1);
  EXPECT_EQ(worklist.tasks(0).patient_id(), g);
  EXPECT_EQ(worklist.tasks(0).kind(), "myelo.gcsf_review");

  v1::RecordProphylaxisRequest unknown;
  unknown.mutable_meta()->set_request_id("gcsf-unknown");
  unknown.set_case_id(cases_of_[e]);
  unknown.set_cycle_number(1);
  unknown.set_drug("sargramostim");
  unknown.set_dose(250);
  unknown.set_dose_unit("ug");
  *unknown.mutable_administered_at() = engine::ToProtoTime(clock_.Now());
  v1::ProphylaxisAdministration refused;
  EXPECT_EQ(chemo_->RecordProphylaxis(As().get(), unknown, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT)
      << "GM-CSF is not G-CSF prophylaxis";
}

TEST_F(MyeloReportTest, BadPeriodsAreRefusedNamingTheField) {
  auto reports = v1::ReportService::NewStub(channel_);
  v1::MyeloReportRequest request;
  request.set_from_date("2026-11-31");
  request.set_to_date("2026-12-01");
  v1::MyeloReport report;
  grpc::Status bad = reports->GetMyeloReport(As().get(), request, &report);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("from_date"), std::string::npos) << bad.error_message();
  request.set_from_date("2026-12-02");
  bad = reports->GetMyeloReport(As().get(), request, &report);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("after to_date"), std::string::npos);
}

}  // namespace
}  // namespace casehub::hub
