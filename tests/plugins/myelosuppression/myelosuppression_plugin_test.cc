// The built plugin, loaded through the hub's own loader and driven through
// the ABI with hand-built commands, events and states.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/engine/plugin_loader.h"
#include "tests/support/temp_dir.h"

namespace casehub::engine {
namespace {

using google::protobuf::util::TimeUtil;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kPluginPath[] = CASEHUB_PLUGIN_DIR "/libcasehub_myelosuppression.so";
constexpr char kPatient[] = "p0000000000ab";
constexpr char kHub[] = "jc-hub";
constexpr char kCounty[] = "qs-county";
// 2001-09-09T01:46:40Z: far from today, so a time derived from the wall
// clock could not pass for one derived from the event.
constexpr int64_t kRecordedAt = 1000000000;

class MyelosuppressionPluginTest : public ::testing::Test {
 protected:
  void SetUp() override { Load(""); }

  void Load(const std::string& settings) {
    absl::StatusOr<std::unique_ptr<LoadedPlugin>> loaded =
        LoadedPlugin::Load(kPluginPath, settings);
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    plugin_ = *std::move(loaded);
  }

  // The plugin's verdict at the hub's clock `now`.
  absl::Status Validate(const v1::Command& command, const v1::PatientState& state,
                        absl::Time now = absl::UnixEpoch()) const {
    return plugin_->Validate(command, state, now);
  }

  std::unique_ptr<LoadedPlugin> plugin_;
};

// A patient registered at jc-hub, with the given cases.
v1::PatientState Patient(std::vector<v1::Case> cases = {}) {
  v1::PatientState state;
  state.mutable_patient()->set_id(kPatient);
  state.mutable_patient()->set_registering_site_id(kHub);
  for (v1::Case& c : cases) *state.add_cases() = std::move(c);
  state.set_version(7);
  return state;
}

v1::Case Case(const std::string& id, const std::string& site, v1::CaseStatus status) {
  v1::Case c;
  c.set_id(id);
  c.set_patient_id(kPatient);
  c.set_owning_site_id(site);
  c.set_plugin_id("lung");
  c.set_tumor_type("lung");
  c.set_status(status);
  return c;
}

v1::LabResult Result(const std::string& loinc, double value, const std::string& unit,
                     const std::string& case_id = "") {
  v1::LabResult result;
  result.mutable_code()->set_system("http://loinc.org");
  result.mutable_code()->set_code(loinc);
  result.set_value(value);
  result.set_unit(unit);
  result.set_case_id(case_id);
  return result;
}

v1::Command RecordCommand(const v1::LabResult& result) {
  v1::Command command;
  command.mutable_actor()->set_site_id(kHub);
  command.mutable_record_lab_result()->set_patient_id(kPatient);
  *command.mutable_record_lab_result()->mutable_result() = result;
  return command;
}

v1::Event RecordedEvent(const v1::LabResult& result, uint64_t seq = 8) {
  v1::Event event;
  event.set_patient_id(kPatient);
  event.set_seq(seq);
  *event.mutable_recorded_at() = TimeUtil::SecondsToTimestamp(kRecordedAt);
  *event.mutable_lab_result_recorded()->mutable_result() = result;
  return event;
}

std::vector<v1::Event> React(const LoadedPlugin& plugin, const v1::Event& event,
                             const v1::PatientState& state) {
  absl::StatusOr<std::vector<v1::Event>> derived = plugin.React(event, state);
  EXPECT_TRUE(derived.ok()) << derived.status();
  return derived.ok() ? *std::move(derived) : std::vector<v1::Event>{};
}

TEST_F(MyelosuppressionPluginTest, DescribesItselfAsAModule) {
  const v1::PluginDescriptor& descriptor = plugin_->descriptor();
  EXPECT_EQ(descriptor.id(), "myelosuppression");
  EXPECT_EQ(descriptor.kind(), v1::PLUGIN_KIND_MODULE);
  EXPECT_EQ(descriptor.version(), "0.3.0");
  EXPECT_EQ(descriptor.display_name(), "Myelosuppression management");
  EXPECT_THAT(descriptor.icd10_claims(), IsEmpty());
  EXPECT_EQ(descriptor.abi_version(), 1u);
}

// clinical-rules.md §4: thresholds are per-site configuration; a bad one stops
// the hub naming the field.
TEST_F(MyelosuppressionPluginTest, BadSettingsStopTheLoadNamingTheField) {
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> loaded = LoadedPlugin::Load(
      kPluginPath, R"(site { site_id: "qs-county" critical { analyte: "anc" below: 0 } })");
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("plugin myelosuppression refused its settings: "
                        "site[0].critical[0].below: must be a number > 0, got 0"));
}

// The module only checks blood counts: other commands and other codes pass.
TEST_F(MyelosuppressionPluginTest, ValidateLetsOtherCommandsAndCodesThrough) {
  v1::Command open_case;
  open_case.mutable_open_case()->set_patient_id(kPatient);
  open_case.mutable_open_case()->mutable_diagnosis()->set_code("C34.1");
  EXPECT_TRUE(Validate(open_case, Patient()).ok());
  // §7 Codes: body temperature 8310-5 in Cel is not a blood count.
  EXPECT_TRUE(Validate(RecordCommand(Result("8310-5", 38.5, "Cel")), Patient()).ok());
  // A glucose result in a unit no blood count has.
  EXPECT_TRUE(Validate(RecordCommand(Result("2345-7", 5.4, "mmol/L")), Patient()).ok());
}

// §7 Codes with the preamble's units: counts in 10*9/L or /uL, Hb in g/L or g/dL.
TEST_F(MyelosuppressionPluginTest, ValidateAcceptsBloodCountsInTheirUnits) {
  EXPECT_TRUE(Validate(RecordCommand(Result("751-8", 0.8, "10*9/L")), Patient()).ok());
  EXPECT_TRUE(Validate(RecordCommand(Result("753-4", 800, "/uL")), Patient()).ok());
  EXPECT_TRUE(Validate(RecordCommand(Result("777-3", 45, "10^9/L")), Patient()).ok());
  EXPECT_TRUE(Validate(RecordCommand(Result("718-7", 9.5, "g/dL")), Patient()).ok());
}

// §7 Codes, ANC: UCUM 10*9/L; g/L is refused naming result.unit.
TEST_F(MyelosuppressionPluginTest, ValidateRefusesAUnitTheAnalyteDoesNotHave) {
  absl::Status refused = Validate(RecordCommand(Result("751-8", 0.8, "g/L")), Patient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: result.unit: 'g/L' is not a unit of ANC (accepted: 10*9/L, "
            "10^9/L, x10^9/L, 10*3/uL, 10^3/uL, /uL, cells/uL, /mm3, /µL)");
}

// analytes.textproto, anc plausible_max 100 (10*9/L): 150 is a keying error.
TEST_F(MyelosuppressionPluginTest, ValidateRefusesAnImplausibleValue) {
  absl::Status refused = Validate(RecordCommand(Result("26499-4", 150, "10*9/L")), Patient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: result.value: 150 10*9/L is not a plausible ANC "
            "(at most 100.0 10*9/L)");
}

TEST_F(MyelosuppressionPluginTest, ReactIgnoresOtherEventsAndOtherCodes) {
  v1::Event opened;
  opened.set_seq(2);
  *opened.mutable_case_opened()->mutable_case_() = Case("p0000000000ab-c2", kHub,
                                                        v1::CASE_STATUS_OPEN);
  EXPECT_THAT(React(*plugin_, opened, Patient()), IsEmpty());
  // §7 Codes: 8310-5 body temperature is not graded here.
  EXPECT_THAT(React(*plugin_, RecordedEvent(Result("8310-5", 39, "Cel")), Patient()), IsEmpty());
}

// §1, Neutrophil count decreased, G2 <1.5–1.0: above §4's ANC limit 1.0, so
// graded and not critical.
TEST_F(MyelosuppressionPluginTest, ReactGradesABloodCount) {
  std::vector<v1::Event> derived =
      React(*plugin_, RecordedEvent(Result("751-8", 1.2, "10*9/L"), 8), Patient());
  ASSERT_EQ(derived.size(), 1u);
  ASSERT_TRUE(derived[0].has_lab_result_graded());
  const v1::LabResultGraded& graded = derived[0].lab_result_graded();
  EXPECT_EQ(graded.lab_event_seq(), 8u);
  EXPECT_EQ(graded.analyte(), "anc");
  EXPECT_EQ(graded.value(), 1.2);
  EXPECT_EQ(graded.unit(), "10*9/L");
  EXPECT_EQ(graded.grade(), 2);
  EXPECT_EQ(graded.grading_system(), "CTCAE v5.0");
  EXPECT_EQ(graded.term(), "Neutrophil count decreased");
  EXPECT_EQ(graded.rule(), "G2: 1.0 <= ANC < 1.5");
  // Only the body: the hub fills the envelope.
  EXPECT_EQ(derived[0].patient_id(), "");
  EXPECT_EQ(derived[0].seq(), 0u);
  EXPECT_FALSE(derived[0].has_recorded_at());
}

// §1 notes: LLN from the result's reference range (here 1.8 x10^9/L given
// as 1800 /uL): 1.9 is grade 0 although below the default LLN 2.0.
TEST_F(MyelosuppressionPluginTest, ReactGradesAgainstTheResultsReferenceLow) {
  v1::LabResult result = Result("751-8", 1900, "/uL");
  result.set_reference_low(1800);
  std::vector<v1::Event> derived = React(*plugin_, RecordedEvent(result), Patient());
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].lab_result_graded().value(), 1.9);
  EXPECT_EQ(derived[0].lab_result_graded().grade(), 0);
  EXPECT_EQ(derived[0].lab_result_graded().rule(), "G0: ANC >= 1.8 (LLN)");
}

// §4, ANC <1.0 (program.md) and §4 closed loop "not acknowledged in 15 min →
// attending": a critical ANC raises an alert for the case's owning site.
TEST_F(MyelosuppressionPluginTest, ReactRaisesACriticalValueAlertForTheCasesSite) {
  v1::PatientState state = Patient({Case("p0000000000ab-c2", kCounty, v1::CASE_STATUS_OPEN)});
  std::vector<v1::Event> derived =
      React(*plugin_, RecordedEvent(Result("751-8", 400, "/uL", "p0000000000ab-c2")), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[0].lab_result_graded().grade(), 4);  // §1, Neutrophil, G4 <0.5
  ASSERT_TRUE(derived[1].has_alert_raised());
  const v1::Alert& alert = derived[1].alert_raised().alert();
  EXPECT_EQ(alert.case_id(), "p0000000000ab-c2");
  EXPECT_EQ(alert.site_id(), kCounty);
  EXPECT_EQ(alert.kind(), "myelo.critical_anc");
  EXPECT_EQ(alert.message(), "Critical value: ANC 0.4 10*9/L (below 1.0)");
  EXPECT_EQ(alert.acknowledge_by(), TimeUtil::SecondsToTimestamp(kRecordedAt + 15 * 60));
  EXPECT_EQ(alert.escalate_to_role(), v1::ROLE_PHYSICIAN);
  // The hub fills these.
  EXPECT_EQ(alert.id(), "");
  EXPECT_EQ(alert.patient_id(), "");
  EXPECT_EQ(alert.status(), v1::ALERT_STATUS_UNSPECIFIED);
  EXPECT_FALSE(alert.has_raised_at());
  EXPECT_EQ(alert.raised_by_seq(), 0u);
  EXPECT_EQ(alert.raised_by_plugin(), "");
}

// §4, PLT high side >1000 and Hb <60 g/L; §1, Anemia G3 <80 (never G4).
TEST_F(MyelosuppressionPluginTest, ReactRaisesHighAndLowAlertsOfEachAnalyte) {
  std::vector<v1::Event> platelets =
      React(*plugin_, RecordedEvent(Result("26515-7", 1200, "10*9/L")), Patient());
  ASSERT_EQ(platelets.size(), 2u);
  EXPECT_EQ(platelets[0].lab_result_graded().grade(), 0);
  EXPECT_EQ(platelets[1].alert_raised().alert().kind(), "myelo.critical_platelets");
  EXPECT_EQ(platelets[1].alert_raised().alert().message(),
            "Critical value: PLT 1200 10*9/L (above 1000)");

  std::vector<v1::Event> hb =
      React(*plugin_, RecordedEvent(Result("718-7", 5.5, "g/dL")), Patient());
  ASSERT_EQ(hb.size(), 2u);
  EXPECT_EQ(hb[0].lab_result_graded().grade(), 3);
  EXPECT_EQ(hb[1].alert_raised().alert().kind(), "myelo.critical_hemoglobin");
  EXPECT_EQ(hb[1].alert_raised().alert().message(), "Critical value: Hb 55 g/L (below 60)");

  // §4, WBC <1.0.
  std::vector<v1::Event> wbc =
      React(*plugin_, RecordedEvent(Result("6690-2", 0.9, "10*9/L")), Patient());
  ASSERT_EQ(wbc.size(), 2u);
  EXPECT_EQ(wbc[1].alert_raised().alert().kind(), "myelo.critical_wbc");
}

// Without result.case_id: the first open case (closed ones skipped), in the
// order opened.
TEST_F(MyelosuppressionPluginTest, AlertGoesToTheFirstOpenCaseWithoutACaseId) {
  v1::PatientState state = Patient({Case("p0000000000ab-c2", kHub, v1::CASE_STATUS_CLOSED),
                                    Case("p0000000000ab-c5", kCounty, v1::CASE_STATUS_OPEN),
                                    Case("p0000000000ab-c6", kHub, v1::CASE_STATUS_OPEN)});
  std::vector<v1::Event> derived =
      React(*plugin_, RecordedEvent(Result("751-8", 0.3, "10*9/L")), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[1].alert_raised().alert().case_id(), "p0000000000ab-c5");
  EXPECT_EQ(derived[1].alert_raised().alert().site_id(), kCounty);
}

// result.case_id names the case even when an earlier one is open.
TEST_F(MyelosuppressionPluginTest, AlertGoesToTheResultsOwnCase) {
  v1::PatientState state = Patient({Case("p0000000000ab-c2", kHub, v1::CASE_STATUS_OPEN),
                                    Case("p0000000000ab-c5", kCounty, v1::CASE_STATUS_OPEN)});
  std::vector<v1::Event> derived = React(
      *plugin_, RecordedEvent(Result("751-8", 0.3, "10*9/L", "p0000000000ab-c5")), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[1].alert_raised().alert().case_id(), "p0000000000ab-c5");
  EXPECT_EQ(derived[1].alert_raised().alert().site_id(), kCounty);
}

// No open case: no case id, and the site that registered the patient.
TEST_F(MyelosuppressionPluginTest, AlertGoesToTheRegisteringSiteWithoutAnOpenCase) {
  v1::PatientState state = Patient({Case("p0000000000ab-c2", kCounty, v1::CASE_STATUS_CLOSED)});
  std::vector<v1::Event> derived =
      React(*plugin_, RecordedEvent(Result("751-8", 0.3, "10*9/L")), state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[1].alert_raised().alert().case_id(), "");
  EXPECT_EQ(derived[1].alert_raised().alert().site_id(), kHub);
}

// §4, ANC: "make it per-site configurable": qs-county alerts below 0.5, within
// 10 minutes, to its nurses; jc-hub keeps the defaults.
TEST_F(MyelosuppressionPluginTest, SiteSettingsChangeTheLimitTheTimeAndTheRole) {
  Load(R"(site { site_id: "qs-county" critical { analyte: "anc" below: 0.5 }
                 acknowledge_within_minutes: 10 escalate_to: ROLE_NURSE })");
  v1::PatientState county = Patient({Case("p0000000000ab-c2", kCounty, v1::CASE_STATUS_OPEN)});
  EXPECT_EQ(React(*plugin_, RecordedEvent(Result("751-8", 0.7, "10*9/L")), county).size(), 1u);

  std::vector<v1::Event> derived =
      React(*plugin_, RecordedEvent(Result("751-8", 0.4, "10*9/L")), county);
  ASSERT_EQ(derived.size(), 2u);
  const v1::Alert& alert = derived[1].alert_raised().alert();
  EXPECT_EQ(alert.message(), "Critical value: ANC 0.4 10*9/L (below 0.5)");
  EXPECT_EQ(alert.acknowledge_by(), TimeUtil::SecondsToTimestamp(kRecordedAt + 10 * 60));
  EXPECT_EQ(alert.escalate_to_role(), v1::ROLE_NURSE);

  derived = React(*plugin_, RecordedEvent(Result("751-8", 0.7, "10*9/L")), Patient());
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_EQ(derived[1].alert_raised().alert().site_id(), kHub);
  EXPECT_EQ(derived[1].alert_raised().alert().message(),
            "Critical value: ANC 0.7 10*9/L (below 1.0)");
}

// Pure: the same event and state give the same events, whenever asked.
TEST_F(MyelosuppressionPluginTest, ReactIsAFunctionOfEventAndState) {
  v1::Event event = RecordedEvent(Result("777-3", 15, "10*9/L"));
  std::vector<v1::Event> first = React(*plugin_, event, Patient());
  std::vector<v1::Event> second = React(*plugin_, event, Patient());
  ASSERT_EQ(first.size(), 2u);
  ASSERT_EQ(second.size(), 2u);
  for (size_t i = 0; i < first.size(); ++i) {
    EXPECT_EQ(first[i].SerializeAsString(), second[i].SerializeAsString());
  }
}

// Validate refuses such a unit first; should one reach React, no grade.
TEST_F(MyelosuppressionPluginTest, ReactLeavesAResultInAnUnknownUnitUngraded) {
  EXPECT_THAT(React(*plugin_, RecordedEvent(Result("751-8", 0.3, "g/L")), Patient()), IsEmpty());
}

// --- Chemotherapy: FN risk, the gate, nadir CBCs (clinical-rules.md §2, §5).

constexpr char kCase[] = "p0000000000ab-c2";
constexpr int64_t kDay = 24 * 3600;

// Every factor of risk_factors.textproto (§2.3), those in `present` present.
google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> Answers(
    const std::vector<std::string>& present = {}) {
  google::protobuf::RepeatedPtrField<v1::RiskFactorAnswer> answers;
  for (const char* key :
       {"age_gt_65_full_dose", "prior_chemo_or_rt", "persistent_neutropenia",
        "bone_marrow_involvement", "recent_surgery_open_wound", "liver_dysfunction",
        "renal_dysfunction", "prior_FN", "poor_ps_or_nutrition", "advanced_disease",
        "active_infection", "cardiovascular_disease", "multiple_comorbidities", "HIV"}) {
    v1::RiskFactorAnswer& answer = *answers.Add();
    answer.set_key(key);
    answer.set_present(std::find(present.begin(), present.end(), key) != present.end());
  }
  return answers;
}

v1::Command AssessCommand(const std::string& regimen_id) {
  v1::Command command;
  v1::RecordFnRiskAssessmentRequest& request = *command.mutable_record_fn_risk_assessment();
  request.set_case_id(kCase);
  request.set_cycle_number(2);
  request.set_regimen_id(regimen_id);
  *request.mutable_answers() = Answers();
  return command;
}

v1::Command StartCommand(const std::string& regimen_id) {
  v1::Command command;
  v1::StartChemoCycleRequest& request = *command.mutable_start_chemo_cycle();
  request.set_case_id(kCase);
  request.set_cycle_number(2);
  request.set_regimen_id(regimen_id);
  return command;
}

// A patient with an open lung case owned by qs-county.
v1::PatientState LungPatient() { return Patient({Case(kCase, kCounty, v1::CASE_STATUS_OPEN)}); }

v1::FnRiskAssessment AssessedAt(int64_t seconds) {
  v1::FnRiskAssessment assessment;
  assessment.set_id("p0000000000ab-r8");
  assessment.set_case_id(kCase);
  assessment.set_cycle_number(2);
  assessment.set_regimen_id("lung.ep");
  *assessment.mutable_answers() = Answers();
  *assessment.mutable_assessed_at() = TimeUtil::SecondsToTimestamp(seconds);
  assessment.set_regimen_category(v1::FN_RISK_LEVEL_INTERMEDIATE);
  assessment.set_overall_risk(v1::FN_RISK_LEVEL_INTERMEDIATE);
  assessment.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE);
  return assessment;
}

v1::ChemoCycle Cycle(uint32_t number, int64_t started_at, int32_t worst_anc_grade = 0) {
  v1::ChemoCycle cycle;
  cycle.set_id(absl::StrCat(kPatient, "-y", 20 + number));
  cycle.set_case_id(kCase);
  cycle.set_cycle_number(number);
  cycle.set_regimen_id("lung.ep");
  *cycle.mutable_started_at() = TimeUtil::SecondsToTimestamp(started_at);
  cycle.set_worst_anc_grade(worst_anc_grade);
  return cycle;
}

// §2.2: the category is per regimen, so an unknown one is refused, naming
// the case's tumor type's regimens; §2.3: every factor answered.
TEST_F(MyelosuppressionPluginTest, ValidateRefusesAnAssessmentOutsideTheCatalogueOrIncomplete) {
  EXPECT_TRUE(Validate(AssessCommand("lung.ep"), LungPatient()).ok());
  absl::Status refused = Validate(AssessCommand("lung.xyz"), LungPatient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: regimen_id: 'lung.xyz' is not in the regimen catalogue; lung "
            "regimens: lung.topotecan, lung.ep, lung.cisplatin_paclitaxel, "
            "lung.cisplatin_vinorelbine, lung.cisplatin_docetaxel, lung.cisplatin_etoposide, "
            "lung.carboplatin_paclitaxel, lung.docetaxel, lung.pemetrexed_platinum, "
            "lung.gemcitabine_platinum");
  v1::Command incomplete = AssessCommand("lung.ep");
  incomplete.mutable_record_fn_risk_assessment()->mutable_answers()->RemoveLast();
  refused = Validate(incomplete, LungPatient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(), "myelosuppression: answers: missing HIV");
}

// §2.4 "no assessment, no chemo; no informed consent, no chemo", with the
// hub's clock through the ABI: a day-old assessment clears the cycle at
// kRecordedAt, and is stale 7 days later.
TEST_F(MyelosuppressionPluginTest, ValidateHoldsACycleUntilAssessedAndConsented) {
  v1::PatientState state = LungPatient();
  *state.add_chemo_cycles() = Cycle(1, kRecordedAt - 21 * kDay);
  const absl::Time now = absl::FromUnixSeconds(kRecordedAt);
  absl::Status refused = Validate(StartCommand("lung.ep"), state, now);
  ASSERT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "myelosuppression: cycle 2 of case p0000000000ab-c2 cannot start: no FN risk "
            "assessment for this cycle (no assessment, no chemo); no informed consent for this "
            "cycle (no informed consent, no chemo)");

  *state.add_fn_risk_assessments() = AssessedAt(kRecordedAt - kDay);
  v1::ChemoConsent& consent = *state.add_chemo_consents();
  consent.set_case_id(kCase);
  consent.set_cycle_number(2);
  EXPECT_TRUE(Validate(StartCommand("lung.ep"), state, now).ok());

  refused = Validate(StartCommand("lung.ep"), state, now + absl::Hours(7 * 24));
  ASSERT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()),
              HasSubstr("is more than 7 days old (assessment_valid_days)"));
}

// §2.4 INTERMEDIATE and n >= 1, and secondary prophylaxis after a G4 cycle:
// the recorded assessment is assessed in the same write.
TEST_F(MyelosuppressionPluginTest, ReactAssessesARecordedAssessment) {
  v1::PatientState state = LungPatient();
  *state.add_chemo_cycles() = Cycle(1, kRecordedAt - 21 * kDay);
  // As the hub records it: the answers, no result yet.
  v1::FnRiskAssessment assessment = AssessedAt(kRecordedAt);
  assessment.clear_regimen_category();
  assessment.clear_overall_risk();
  assessment.clear_recommendation();
  *assessment.mutable_answers() = Answers({"renal_dysfunction"});
  *state.add_fn_risk_assessments() = assessment;
  v1::Event recorded;
  recorded.set_seq(9);
  *recorded.mutable_fn_risk_assessment_recorded()->mutable_assessment() = std::move(assessment);

  std::vector<v1::Event> derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 1u);
  ASSERT_TRUE(derived[0].has_fn_risk_assessed());
  const v1::FnRiskAssessed& result = derived[0].fn_risk_assessed();
  EXPECT_EQ(result.assessment_id(), "p0000000000ab-r8");
  EXPECT_EQ(result.regimen_category(), v1::FN_RISK_LEVEL_INTERMEDIATE);
  EXPECT_EQ(result.overall_risk(), v1::FN_RISK_LEVEL_HIGH);
  EXPECT_EQ(result.recommendation(), v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER);
  EXPECT_THAT(result.reasons(),
              ElementsAre("regimen lung.ep is INTERMEDIATE risk (10–20%) [clinical-rules.md §2.2]",
                          "INTERMEDIATE regimen + 1 patient risk factor (renal_dysfunction) → "
                          "overall risk >20% (EORTC) → consider primary prophylaxis "
                          "[clinical-rules.md §2.4]"));

  // Cycle 1 reached G4 (risk_factors.textproto): secondary prophylaxis.
  state.mutable_chemo_cycles(0)->set_worst_anc_grade(4);
  derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].fn_risk_assessed().recommendation(),
            v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY);
  EXPECT_EQ(derived[0].fn_risk_assessed().reasons(2),
            "cycle 1 had ANC grade 4 (grade >= 4 is taken as dose-limiting neutropenia) → "
            "secondary prophylaxis [clinical-rules.md §2.4]");
}

// §5 Nadir window, D7±1 and D10–14: a started cycle gets two CBC tasks for
// the case's site; a CBC on day 7 completes the first and carries the
// result's case and time in its grade.
TEST_F(MyelosuppressionPluginTest, ReactSchedulesAndCompletesTheNadirCbcs) {
  v1::PatientState state = LungPatient();
  v1::Event started;
  started.set_seq(10);
  *started.mutable_chemo_cycle_started()->mutable_cycle() = Cycle(2, kRecordedAt);
  *state.add_chemo_cycles() = started.chemo_cycle_started().cycle();

  std::vector<v1::Event> tasks = React(*plugin_, started, state);
  ASSERT_EQ(tasks.size(), 2u);
  EXPECT_EQ(tasks[0].task_created().task().title(), "Nadir CBC, cycle 2 (day 7±1)");
  EXPECT_EQ(tasks[0].task_created().task().due_at(),
            TimeUtil::SecondsToTimestamp(kRecordedAt + 8 * kDay));
  EXPECT_EQ(tasks[1].task_created().task().title(), "Nadir CBC, cycle 2 (days 10–14)");
  EXPECT_EQ(tasks[1].task_created().task().due_at(),
            TimeUtil::SecondsToTimestamp(kRecordedAt + 14 * kDay));
  for (const v1::Event& event : tasks) {
    EXPECT_EQ(event.task_created().task().site_id(), kCounty);
    EXPECT_EQ(event.task_created().task().assignee_role(), v1::ROLE_CASE_MANAGER);
    EXPECT_EQ(event.task_created().task().kind(), "myelo.nadir_cbc");
  }

  // The hub stores them, with ids.
  for (int i = 0; i < 2; ++i) {
    v1::Task& task = *state.add_tasks() = tasks[i].task_created().task();
    task.set_id(absl::StrCat(kPatient, "-t", 11 + i));
    task.set_status(v1::TASK_STATUS_OPEN);
  }
  v1::LabResult result = Result("751-8", 0.4, "10*9/L", kCase);
  *result.mutable_observed_at() = TimeUtil::SecondsToTimestamp(kRecordedAt + 6 * kDay + 3600);
  std::vector<v1::Event> derived = React(*plugin_, RecordedEvent(result, 30), state);
  ASSERT_EQ(derived.size(), 3u);
  EXPECT_EQ(derived[0].lab_result_graded().grade(), 4);
  EXPECT_EQ(derived[0].lab_result_graded().case_id(), kCase);
  EXPECT_EQ(derived[0].lab_result_graded().observed_at(), result.observed_at());
  EXPECT_TRUE(derived[1].has_alert_raised());
  ASSERT_TRUE(derived[2].has_task_completed());
  EXPECT_EQ(derived[2].task_completed().task_id(), "p0000000000ab-t11");
  EXPECT_EQ(derived[2].task_completed().note(), "CBC at day 7");
}

// Settings: a bad assessment_valid_days stops the load naming the field; a
// regimen_file's regimen is in the catalogue.
TEST_F(MyelosuppressionPluginTest, ChemoSettingsAreCheckedAndApplied) {
  absl::StatusOr<std::unique_ptr<LoadedPlugin>> loaded =
      LoadedPlugin::Load(kPluginPath, "assessment_valid_days: 0");
  ASSERT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(loaded.status().message()),
              HasSubstr("plugin myelosuppression refused its settings: "
                        "assessment_valid_days: must be > 0, got 0"));

  casehub::testing::TempDir dir;
  const std::string path = dir.Sub("regimens.textproto");
  FILE* file = std::fopen(path.c_str(), "wb");
  ASSERT_NE(file, nullptr);
  std::fputs(R"(regimen { id: "lung.durvalumab_ep" name: "Durvalumab + EP" tumor_types: "lung"
                          fn_category: FN_RISK_LEVEL_INTERMEDIATE source: "center protocol"
                          cycle_days: 21 nadir { first_day: 7 last_day: 14 } })",
             file);
  std::fclose(file);
  Load(absl::StrCat(R"(regimen_file: ")", path, R"(")"));
  EXPECT_TRUE(Validate(AssessCommand("lung.durvalumab_ep"), LungPatient()).ok());
}

// --- Fevers and graded management (clinical-rules.md §1, §3; program.md).

v1::Command FeverCommand(double temperature_c, double anc) {
  v1::Command command;
  v1::RecordFebrileEpisodeRequest& request = *command.mutable_record_febrile_episode();
  request.set_case_id(kCase);
  *request.mutable_observed_at() = TimeUtil::SecondsToTimestamp(kRecordedAt);
  request.set_temperature_c(temperature_c);
  request.set_anc(anc);
  return command;
}

// febrile_neutropenia.textproto: 30–45 °C; the case must be the patient's.
TEST_F(MyelosuppressionPluginTest, ValidateChecksARecordedFever) {
  EXPECT_TRUE(Validate(FeverCommand(38.5, 0.4), LungPatient()).ok());
  absl::Status refused = Validate(FeverCommand(101.3, 0.4), LungPatient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: temperature_c: 101.3 is not a plausible body temperature "
            "(30.0 to 45.0 °C)");
  refused = Validate(FeverCommand(38.5, 0.4), Patient());
  EXPECT_EQ(refused.code(), absl::StatusCode::kNotFound);
}

// §1 FN (ANC <1.0 and >38.3 °C) and §3 MASCC: 26 - 4 (COPD) = 22 at age 59
// (born 1942-09-09, fever on 2001-09-09), low risk.
TEST_F(MyelosuppressionPluginTest, ReactAssessesARecordedFever) {
  v1::PatientState state = LungPatient();
  state.mutable_patient()->set_birth_date("1942-09-09");
  v1::FebrileEpisode episode;
  episode.set_id("p0000000000ab-f12");
  episode.set_case_id(kCase);
  *episode.mutable_observed_at() = TimeUtil::SecondsToTimestamp(kRecordedAt);
  episode.set_temperature_c(38.6);
  episode.set_anc(0.4);
  v1::MasccItems& items = *episode.mutable_mascc();
  items.set_burden_of_illness(v1::ILLNESS_BURDEN_NONE_OR_MILD);
  items.set_hypotension(false);
  items.set_copd(true);
  items.set_solid_tumor_or_no_prior_fungal_infection(true);
  items.set_dehydration_needing_iv_fluids(false);
  items.set_outpatient_at_onset(true);
  *state.add_febrile_episodes() = episode;
  v1::Event recorded;
  recorded.set_seq(12);
  *recorded.mutable_febrile_episode_recorded()->mutable_episode() = episode;

  std::vector<v1::Event> derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 1u);
  ASSERT_TRUE(derived[0].has_febrile_episode_assessed());
  const v1::FebrileEpisodeAssessed& assessed = derived[0].febrile_episode_assessed();
  EXPECT_EQ(assessed.episode_id(), "p0000000000ab-f12");
  EXPECT_TRUE(assessed.febrile_neutropenia());
  EXPECT_EQ(assessed.mascc_score(), 22);
  EXPECT_TRUE(assessed.mascc_low_risk());
  EXPECT_EQ(assessed.reasons(0),
            "ANC 0.4 < 1.0 and temperature 38.6 °C > 38.3 °C → febrile neutropenia "
            "[CTCAE v5.0, clinical-rules.md §1]");

  // management_grades.textproto level 3: the confirmed FN, in the same chain.
  v1::Event assessed_event;
  *assessed_event.mutable_febrile_episode_assessed() = assessed;
  std::vector<v1::Event> graded = React(*plugin_, assessed_event, state);
  ASSERT_EQ(graded.size(), 1u);
  EXPECT_EQ(graded[0].management_grade_set().grade().level(), 3);
  EXPECT_EQ(graded[0].management_grade_set().grade().nursing_level(),
            "protective (clean-room) care");
}

// management_grades.textproto: an ANC of G3 sets level 2 once; the same
// level again, and the module's own management_grade_set, derive nothing.
TEST_F(MyelosuppressionPluginTest, ReactKeepsTheManagementGradeWithoutLooping) {
  v1::PatientState state = LungPatient();
  v1::Event graded;
  graded.mutable_lab_result_graded()->set_analyte("anc");
  graded.mutable_lab_result_graded()->set_grade(3);
  std::vector<v1::Event> derived = React(*plugin_, graded, state);
  ASSERT_EQ(derived.size(), 1u);
  ASSERT_TRUE(derived[0].has_management_grade_set());
  const v1::ManagementGrade& grade = derived[0].management_grade_set().grade();
  EXPECT_EQ(grade.level(), 2);
  EXPECT_EQ(grade.bedside_label(), "Neutropenia risk: HIGH");
  EXPECT_EQ(grade.nursing_level(), "enhanced monitoring");
  EXPECT_FALSE(grade.has_set_at());

  *state.mutable_management_grade() = grade;
  EXPECT_THAT(React(*plugin_, derived[0], state), IsEmpty());
  EXPECT_THAT(React(*plugin_, graded, state), IsEmpty());
}


// --- G-CSF prophylaxis (clinical-rules.md §2.4 "Dosing and timing", §7).

v1::Command ProphylaxisCommand(const std::string& drug, uint32_t cycle) {
  v1::Command command;
  v1::RecordProphylaxisRequest& request = *command.mutable_record_prophylaxis();
  request.set_case_id(kCase);
  request.set_cycle_number(cycle);
  request.set_drug(drug);
  request.set_dose(6);
  request.set_dose_unit("mg");
  request.set_hours_after_chemo_end(24);
  return command;
}

v1::ProphylaxisAdministration Administration(const std::string& id, const std::string& drug,
                                             double dose, const std::string& unit, double hours) {
  v1::ProphylaxisAdministration given;
  given.set_id(id);
  given.set_case_id(kCase);
  given.set_cycle_number(2);
  given.set_drug(drug);
  given.set_dose(dose);
  given.set_dose_unit(unit);
  given.set_hours_after_chemo_end(hours);
  return given;
}

// The recorded dose, as the hub passes it: applied to the state already.
v1::Event ProphylaxisEvent(const v1::ProphylaxisAdministration& given, v1::PatientState& state) {
  *state.add_prophylaxis() = given;
  v1::Event event;
  event.set_patient_id(kPatient);
  event.set_seq(40);
  *event.mutable_recorded_at() = TimeUtil::SecondsToTimestamp(kRecordedAt);
  *event.mutable_prophylaxis_recorded()->mutable_administration() = given;
  return event;
}

// gcsf_drugs.textproto: §7's G-CSFs only (sargramostim is GM-CSF); the dose
// follows a started cycle of the case.
TEST_F(MyelosuppressionPluginTest, ValidateChecksARecordedProphylaxis) {
  v1::PatientState state = LungPatient();
  *state.add_chemo_cycles() = Cycle(2, kRecordedAt - 3 * kDay);
  EXPECT_TRUE(Validate(ProphylaxisCommand("pegfilgrastim", 2), state).ok());
  absl::Status refused = Validate(ProphylaxisCommand("sargramostim", 2), state);
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: drug: 'sargramostim' is not a G-CSF for prophylaxis (known: "
            "filgrastim, lenograstim, pegfilgrastim, PEG-rhG-CSF, mecapegfilgrastim, "
            "telpegfilgrastim, lipegfilgrastim)");
  refused = Validate(ProphylaxisCommand("pegfilgrastim", 3), state);
  ASSERT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(refused.message(),
            "myelosuppression: cycle 3 of case p0000000000ab-c2 has not started");
  EXPECT_EQ(Validate(ProphylaxisCommand("pegfilgrastim", 2), Patient()).code(),
            absl::StatusCode::kNotFound);
}

// §2.4 "Do not give both forms as prophylaxis in the same cycle", and the
// long-acting window 24–48 h: one review with both reasons, and a task for
// the pharmacist of the case's site due 24 h later (review_due_hours).
TEST_F(MyelosuppressionPluginTest, ReactPutsADoubtfulDoseOnThePharmacistsWorklist) {
  v1::PatientState state = LungPatient();
  *state.add_chemo_cycles() = Cycle(2, kRecordedAt - 3 * kDay);
  *state.add_prophylaxis() = Administration("p0000000000ab-g38", "filgrastim", 5, "ug/kg", 24);
  const v1::Event recorded = ProphylaxisEvent(
      Administration("p0000000000ab-g39", "pegfilgrastim", 6, "mg", 60), state);

  std::vector<v1::Event> derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 2u);
  ASSERT_TRUE(derived[0].has_prophylaxis_reviewed());
  const v1::ProphylaxisReviewed& review = derived[0].prophylaxis_reviewed();
  EXPECT_EQ(review.administration_id(), "p0000000000ab-g39");
  EXPECT_TRUE(review.needs_pharmacist_review());
  EXPECT_THAT(
      review.reasons(),
      ElementsAre("first long-acting dose of cycle 2 (pegfilgrastim (long-acting)) given 60 h "
                  "after chemotherapy ended, outside 24–48 h [clinical-rules.md §2.4, Dosing "
                  "and timing: long-acting]",
                  "both forms in cycle 2: pegfilgrastim (long-acting) after filgrastim "
                  "p0000000000ab-g38 → do not give both forms as prophylaxis in the same cycle "
                  "[clinical-rules.md §2.4, Dosing and timing: do not give both forms]"));
  ASSERT_TRUE(derived[1].has_task_created());
  const v1::Task& task = derived[1].task_created().task();
  EXPECT_EQ(task.title(), "Review G-CSF: pegfilgrastim 6 mg, cycle 2");
  EXPECT_EQ(task.kind(), "myelo.gcsf_review");
  EXPECT_EQ(task.assignee_role(), v1::ROLE_PHARMACIST);
  EXPECT_EQ(task.site_id(), kCounty);
  EXPECT_EQ(task.case_id(), kCase);
  EXPECT_EQ(task.due_at(), TimeUtil::SecondsToTimestamp(kRecordedAt + kDay));
}

// A label dose in the window of a cycle that called for prophylaxis: one
// review that needs nothing, and no task. Nothing reacts to the review.
TEST_F(MyelosuppressionPluginTest, ReactClearsALabelDoseWithoutATask) {
  v1::PatientState state = LungPatient();
  *state.add_chemo_cycles() = Cycle(2, kRecordedAt - 3 * kDay);
  v1::FnRiskAssessment assessment = AssessedAt(kRecordedAt - 4 * kDay);
  assessment.set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER);
  *state.add_fn_risk_assessments() = assessment;
  const v1::Event recorded = ProphylaxisEvent(
      Administration("p0000000000ab-g39", "mecapegfilgrastim", 100, "ug/kg", 30), state);

  std::vector<v1::Event> derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 1u);
  EXPECT_EQ(derived[0].prophylaxis_reviewed().administration_id(), "p0000000000ab-g39");
  EXPECT_FALSE(derived[0].prophylaxis_reviewed().needs_pharmacist_review());
  EXPECT_THAT(derived[0].prophylaxis_reviewed().reasons(), IsEmpty());
  EXPECT_THAT(React(*plugin_, derived[0], state), IsEmpty());

  // §2.4 over-use: the same dose in a cycle assessed as needing none.
  state.mutable_fn_risk_assessments(0)->set_recommendation(v1::PROPHYLAXIS_RECOMMENDATION_NONE);
  derived = React(*plugin_, recorded, state);
  ASSERT_EQ(derived.size(), 2u);
  EXPECT_TRUE(derived[0].prophylaxis_reviewed().needs_pharmacist_review());
}

}  // namespace
}  // namespace casehub::engine
