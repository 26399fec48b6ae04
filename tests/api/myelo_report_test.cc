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
// Delays and dose intensity have a cohort of their own, below.
#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/v1/report.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "services/store/keys.h"
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
  // The report with its items. The same report without them (its figures
  // summed from the day and month counters) must give the same figures.
  v1::MyeloReport Report(const std::string& from, const std::string& to,
                         const std::string& tumor = "") {
    auto reports = v1::ReportService::NewStub(channel_);
    v1::MyeloReportRequest request;
    request.set_from_date(from);
    request.set_to_date(to);
    request.set_tumor_type(tumor);
    v1::MyeloReport counted;
    grpc::Status status = reports->GetMyeloReport(As().get(), request, &counted);
    EXPECT_TRUE(status.ok()) << status.error_message();
    request.set_include_items(true);
    v1::MyeloReport report;
    status = reports->GetMyeloReport(As().get(), request, &report);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(counted.indicators_size(), report.indicators_size());
    for (int i = 0; i < std::min(counted.indicators_size(), report.indicators_size()); ++i) {
      const v1::Indicator& from_counters = counted.indicators(i);
      const v1::Indicator& from_items = report.indicators(i);
      EXPECT_EQ(from_counters.numerator(), from_items.numerator()) << from_items.id();
      EXPECT_EQ(from_counters.denominator(), from_items.denominator()) << from_items.id();
      EXPECT_EQ(from_counters.rate(), from_items.rate()) << from_items.id();
      EXPECT_EQ(from_counters.median(), from_items.median()) << from_items.id();
      EXPECT_EQ(from_counters.numerator_items_size() + from_counters.denominator_items_size(), 0);
    }
    // And each indicator's items, paged through three at a time, are the
    // items the report lists.
    for (const v1::Indicator& indicator : report.indicators()) {
      for (const bool numerator : {true, false}) {
        v1::ListIndicatorItemsRequest page;
        page.set_indicator_id(indicator.id());
        page.set_from_date(from);
        page.set_to_date(to);
        page.set_tumor_type(tumor);
        page.set_numerator(numerator);
        page.set_page_size(3);
        std::vector<std::string> paged;
        do {
          v1::ListIndicatorItemsResponse items;
          status = reports->ListIndicatorItems(As().get(), page, &items);
          if (!status.ok()) {
            ADD_FAILURE() << status.error_message();
            break;
          }
          EXPECT_LE(items.items_size(), 3);
          for (const v1::IndicatorItem& item : items.items()) paged.push_back(Shown(item));
          page.set_page_token(items.next_page_token());
        } while (!page.page_token().empty());
        std::vector<std::string> listed;
        for (const v1::IndicatorItem& item :
             numerator ? indicator.numerator_items() : indicator.denominator_items()) {
          listed.push_back(Shown(item));
        }
        EXPECT_EQ(paged, listed) << indicator.id() << (numerator ? " numerator" : " denominator");
      }
    }
    return report;
  }
  static std::string Shown(const v1::IndicatorItem& item) {
    return absl::StrCat(item.id(), " ", item.patient_id(), " ", item.date(), " ",
                        item.has_value() ? absl::StrCat(item.value()) : "-");
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
  county.set_include_items(true);
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

// clinical-rules.md §6 "Chemotherapy delay rate" and "On-time completion
// rate", and its "Relative dose intensity (RDI)" paragraph, on courses of
// lung.ep (21-day cycles), each starting cycle 1 on day 0 (2026-11-02) as
// planned. "Late" is start - planned day, N = 7; doses are mg/m2 per cycle.
//
//   H  3 cycles, days 0/21/42, on time. Etoposide 100 planned and given each
//      cycle (100%); cisplatin 80 planned, 80 + 40 + 48 = 168 of 240 given
//      (70%). Elapsed 42 + 21 = 63 days = planned 3 x 21, so
//      RDI = (100 + 70) / 2 = 85: exactly the cut-off, which is >= 85%.
//   I  3 cycles, days 0/28/49: cycle 2 planned day 21, 7 days late because
//      of myelosuppression (exactly N: not a delay), cycle 3 on time. Full
//      doses: RDI = 100 x 63 / (49 + 21) = 90.
//   J  3 cycles, days 0/29/50: cycle 2 planned day 21, 8 days late because
//      of myelosuppression (N + 1: a delay), cycle 3 on time. Full doses:
//      RDI = 100 x 63 / (50 + 21) = 88.73.
//   K  2 cycles, days 0/29: cycle 2 8 days late for logistics (a delay, not
//      myelosuppression). Full doses: RDI = 100 x 42 / (29 + 21) = 84.
//   L  2 cycles, days 0/21, on time; etoposide 100 + 68 = 168 of 200 given:
//      RDI = 84.
//   M  3 cycles planned, 2 started (days 0/21, on time): still on treatment.
//
// Delay rate: cycles due (2 on) H2 H3 I2 I3 J2 J3 K2 L2 M2 = 9, late > 7 days
// because of myelosuppression J2: 1/9.
// Finished courses H I J K L = 5 (M is not), each on its last start.
// RDI >= 85%: H I J = 3/5; median of 84, 84, 85, 88.73, 90 = 85.
// On-time completion (no delay > 7 days, RDI >= 85%): H I = 2/5.
// Up to 2026-12-14 (H's last start) only L (11-23), K (12-01), H have finished.
TEST_F(MyeloReportTest, DelaysAndDoseIntensityOfAHandCheckedCohort) {
  constexpr auto kOnTime = v1::CHEMO_DELAY_REASON_UNSPECIFIED;
  constexpr auto kMyelo = v1::CHEMO_DELAY_REASON_MYELOSUPPRESSION;
  struct Dose {
    const char* drug;
    double planned;
    double delivered;
  };
  struct Cycle {
    std::string patient;
    uint32_t planned_cycles;
    uint32_t number;
    int planned_day;
    int day;
    v1::ChemoDelayReason reason;
    std::vector<Dose> doses;
  };
  const Dose full = {"etoposide", 100, 100};
  const std::vector<Cycle> kCycles = {
      {"H", 3, 1, 0, 0, kOnTime, {full, {"cisplatin", 80, 80}}},
      {"I", 3, 1, 0, 0, kOnTime, {full}},
      {"J", 3, 1, 0, 0, kOnTime, {full}},
      {"K", 2, 1, 0, 0, kOnTime, {full}},
      {"L", 2, 1, 0, 0, kOnTime, {full}},
      {"M", 3, 1, 0, 0, kOnTime, {full}},
      {"H", 3, 2, 21, 21, kOnTime, {full, {"cisplatin", 80, 40}}},
      {"L", 2, 2, 21, 21, kOnTime, {{"etoposide", 100, 68}}},
      {"M", 3, 2, 21, 21, kOnTime, {full}},
      {"I", 3, 2, 21, 28, kMyelo, {full}},
      {"J", 3, 2, 21, 29, kMyelo, {full}},
      {"K", 2, 2, 21, 29, v1::CHEMO_DELAY_REASON_LOGISTICS, {full}},
      {"H", 3, 3, 42, 42, kOnTime, {full, {"cisplatin", 80, 48}}},
      {"I", 3, 3, 49, 49, kOnTime, {full}},
      {"J", 3, 3, 50, 50, kOnTime, {full}},
  };
  const absl::Time day0 = clock_.Now();
  auto date = [&](int day) {
    return absl::FormatTime("%Y-%m-%d", day0 + absl::Hours(24 * day), absl::UTCTimeZone());
  };
  std::map<std::string, std::string> case_of;
  std::map<std::string, std::string> cycle_ids;  // "J2" -> cycle id
  for (const Cycle& planned : kCycles) {
    clock_.Advance(day0 + absl::Hours(24 * planned.day) - clock_.Now());
    if (planned.number == 1) {
      case_of[planned.patient] =
          OpenLungCase(Register(planned.patient), planned.patient + "-case").id();
    }
    const std::string& case_id = case_of[planned.patient];
    v1::FnRiskAssessment assessment;
    ASSERT_TRUE(AssessCycle(case_id, planned.number, "lung.ep", {}, &assessment).ok());
    ASSERT_TRUE(ConsentCycle(case_id, planned.number).ok());
    v1::StartChemoCycleRequest request = CycleRequest(case_id, planned.number, "lung.ep");
    request.set_planned_start_date(date(planned.planned_day));
    request.set_planned_cycles(planned.planned_cycles);
    request.set_delay_reason(planned.reason);
    request.clear_doses();
    for (const Dose& dose : planned.doses) {
      v1::CycleDose* given = request.add_doses();
      given->set_drug(dose.drug);
      given->set_unit("mg/m2");
      given->set_planned_dose(dose.planned);
      given->set_delivered_dose(dose.delivered);
    }
    v1::ChemoCycle cycle;
    grpc::Status started = StartCycle(request, &cycle);
    ASSERT_TRUE(started.ok()) << planned.patient << planned.number << ": "
                              << started.error_message();
    cycle_ids[absl::StrCat(planned.patient, planned.number)] = cycle.id();
  }

  v1::MyeloReport report = Report("2026-11-01", "2026-12-31");
  const v1::Indicator& delays = Find(report, "chemo_delay_rate");
  EXPECT_EQ(delays.numerator(), 1u);
  EXPECT_EQ(delays.denominator(), 9u);
  ASSERT_EQ(delays.numerator_items_size(), 1);
  EXPECT_EQ(delays.numerator_items(0).id(), cycle_ids["J2"]);

  struct Expected {
    const char* indicator;
    uint64_t numerator;
    uint64_t denominator;
    std::set<std::string> counted;
  };
  for (const Expected& expected : std::vector<Expected>{
           {"relative_dose_intensity", 3, 5, {"H", "I", "J"}},
           {"on_time_completion_rate", 2, 5, {"H", "I"}}}) {
    const v1::Indicator& indicator = Find(report, expected.indicator);
    EXPECT_EQ(indicator.numerator(), expected.numerator) << expected.indicator;
    EXPECT_EQ(indicator.denominator(), expected.denominator) << expected.indicator;
    std::set<std::string> counted;
    for (const v1::IndicatorItem& item : indicator.numerator_items()) counted.insert(item.id());
    std::set<std::string> want;
    for (const std::string& patient : expected.counted) want.insert(case_of[patient]);
    EXPECT_EQ(counted, want) << expected.indicator;
  }
  const v1::Indicator& median = Find(report, "median_relative_dose_intensity");
  EXPECT_EQ(median.kind(), v1::INDICATOR_KIND_MEDIAN);
  EXPECT_EQ(median.unit(), "%");
  ASSERT_TRUE(median.has_median());
  EXPECT_DOUBLE_EQ(median.median(), 85);
  std::map<std::string, double> rdi;
  for (const v1::IndicatorItem& item : median.denominator_items()) rdi[item.id()] = item.value();
  EXPECT_DOUBLE_EQ(rdi[case_of["H"]], 85);
  EXPECT_DOUBLE_EQ(rdi[case_of["I"]], 90);
  EXPECT_DOUBLE_EQ(rdi[case_of["J"]], 88.7) << "88.73 % is recorded to one decimal";
  EXPECT_DOUBLE_EQ(rdi[case_of["K"]], 84);
  EXPECT_DOUBLE_EQ(rdi[case_of["L"]], 84);
  EXPECT_FALSE(rdi.contains(case_of["M"])) << "a course still running counts nowhere";

  EXPECT_EQ(Find(Report("2026-11-01", "2026-12-14"), "relative_dose_intensity").denominator(),
            3u)
      << "a course counts on its last cycle's start";
}

// Reports over long periods read whole years and months from their own
// counters and the rest from smaller ones, adding the parts covered or taking
// the parts left out from the whole (counter_ranges.h). Critical values on
// days spread over three months and two years, each acknowledged after a
// different number of minutes: every period's count and median must be what
// those days give, and the same as from the items.
TEST_F(MyeloReportTest, PeriodsAcrossMonthsAddUpFromMonthAndDayCounters) {
  const std::string patient = Register("spread");
  OpenLungCase(patient, "spread-case");
  struct Value {
    absl::CivilDay day;
    int minutes;
  };
  std::vector<Value> values;
  for (int i = 0; i < 16; ++i) {
    const absl::CivilDay day = absl::ToCivilDay(clock_.Now(), absl::UTCTimeZone());
    Lab(patient, 0.5, absl::StrCat("spread-anc-", i));
    const std::string alert_id = OpenAlertOf(patient);
    const int minutes = 1 + (i * 7) % 17;
    clock_.Advance(absl::Minutes(minutes));
    v1::Alert alert;
    ASSERT_TRUE(alerts_->AcknowledgeAlert(As().get(), Step<v1::AcknowledgeAlertRequest>(alert_id),
                                          &alert).ok());
    auto intervene = Step<v1::RecordAlertInterventionRequest>(alert_id);
    intervene.set_intervention("repeat CBC in 48 h");
    ASSERT_TRUE(alerts_->RecordAlertIntervention(As().get(), intervene, &alert).ok());
    ASSERT_TRUE(
        alerts_->CloseAlert(As().get(), Step<v1::CloseAlertRequest>(alert_id), &alert).ok());
    values.push_back({day, minutes});
    clock_.Advance(absl::Hours(24 * 5) - absl::Minutes(minutes));
  }
  ASSERT_EQ(values.back().day, absl::CivilDay(2027, 1, 16));

  const std::vector<std::pair<std::string, std::string>> periods = {
      {"2026-11-01", "2026-11-30"},  // a whole month
      {"2026-11-03", "2026-11-12"},  // a few of its days
      {"2026-11-03", "2026-11-29"},  // the month less days on both sides
      {"2026-11-15", "2027-01-10"},  // less November's start, December, January's start
      {"2026-10-01", "2027-01-31"},  // whole months only
      {"2026-12-07", "2026-12-07"},  // one day with a value
      {"2026-12-08", "2026-12-31"},  // December less the days with its first values
      {"2026-01-01", "2026-12-31"},  // a whole year
      {"2026-03-01", "2027-01-31"},  // 2026 less January and February, then a month
      {"2026-02-10", "2027-01-08"},  // 2026 less its start, and days of 2027
      {"2027-01-01", "2027-12-31"},  // the next year, its values in January
  };
  for (const auto& [from, to] : periods) {
    SCOPED_TRACE(from + " to " + to);
    absl::CivilDay first;
    absl::CivilDay last;
    ASSERT_TRUE(absl::ParseCivilTime(from, &first) && absl::ParseCivilTime(to, &last));
    std::vector<int> minutes;
    for (const Value& value : values) {
      if (value.day >= first && value.day <= last) minutes.push_back(value.minutes);
    }
    const v1::MyeloReport report = Report(from, to);
    const v1::Indicator& loop = Find(report, "critical_value_closed_loop_rate");
    EXPECT_EQ(loop.denominator(), minutes.size());
    EXPECT_EQ(loop.numerator(), minutes.size());
    if (minutes.empty()) {
      EXPECT_FALSE(report.has_median_minutes_to_acknowledge());
      continue;
    }
    std::sort(minutes.begin(), minutes.end());
    const size_t n = minutes.size();
    EXPECT_DOUBLE_EQ(report.median_minutes_to_acknowledge(),
                     (minutes[(n - 1) / 2] + minutes[n / 2]) / 2.0);
  }
}

TEST_F(MyeloReportTest, BadItemListingsAreRefusedNamingTheField) {
  auto reports = v1::ReportService::NewStub(channel_);
  v1::ListIndicatorItemsRequest request;
  request.set_indicator_id("fn_incidence");
  request.set_from_date("2026-11-01");
  request.set_to_date("2026-11-30");
  v1::ListIndicatorItemsResponse items;
  ASSERT_TRUE(reports->ListIndicatorItems(As().get(), request, &items).ok());

  struct Case {
    std::function<void(v1::ListIndicatorItemsRequest&)> change;
    grpc::StatusCode code;
    std::string named;
  };
  for (const Case& bad : std::vector<Case>{
           {[](auto& r) { r.set_indicator_id("fn_rate"); }, grpc::StatusCode::NOT_FOUND,
            "indicator_id: no myelosuppression indicator 'fn_rate'"},
           {[](auto& r) { r.set_plugin_id("liver"); }, grpc::StatusCode::NOT_FOUND,
            "plugin_id: no plugin 'liver'"},
           {[](auto& r) { r.set_plugin_id("lung"); }, grpc::StatusCode::NOT_FOUND,
            "indicator_id: plugin lung declares no indicator 'fn_incidence'"},
           {[](auto& r) { r.set_page_size(1001); }, grpc::StatusCode::INVALID_ARGUMENT,
            "page_size"},
           {[](auto& r) { r.set_page_token("not-a-token"); }, grpc::StatusCode::INVALID_ARGUMENT,
            "page_token"},
           // A token of the same listing for another period.
           {[](auto& r) {
              r.set_page_token(absl::WebSafeBase64Escape(store::IndicatorKey(
                  "fn_incidence", "jc-hub", "2026-10-15", "lung", 'D', "p1-y1")));
            },
            grpc::StatusCode::INVALID_ARGUMENT, "page_token"},
           {[](auto& r) { r.set_to_date("2026-10-31"); }, grpc::StatusCode::INVALID_ARGUMENT,
            "from_date"},
       }) {
    v1::ListIndicatorItemsRequest changed = request;
    bad.change(changed);
    grpc::Status refused = reports->ListIndicatorItems(As().get(), changed, &items);
    EXPECT_EQ(refused.error_code(), bad.code) << bad.named;
    EXPECT_NE(refused.error_message().find(bad.named), std::string::npos)
        << refused.error_message();
  }
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
  // A period reads a key set per calendar year: at most a hundred of them.
  request.set_from_date("2000-01-01");
  request.set_to_date("2100-01-01");
  bad = reports->GetMyeloReport(As().get(), request, &report);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(bad.error_message().find("to_date: a report period spans at most 100 calendar years"),
            std::string::npos)
      << bad.error_message();
  request.set_to_date("2099-12-31");
  EXPECT_TRUE(reports->GetMyeloReport(As().get(), request, &report).ok());
}

}  // namespace
}  // namespace casehub::hub
