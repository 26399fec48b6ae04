// The built plugin, loaded through the hub's own loader and driven through
// the ABI with hand-built commands, events and states.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "gtest/gtest.h"
#include "services/engine/plugin_loader.h"

namespace casehub::engine {
namespace {

using google::protobuf::util::TimeUtil;
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
  EXPECT_EQ(descriptor.version(), "0.1.0");
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
  EXPECT_TRUE(plugin_->Validate(open_case, Patient()).ok());
  // §7 Codes: body temperature 8310-5 in Cel is not a blood count.
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("8310-5", 38.5, "Cel")), Patient()).ok());
  // A glucose result in a unit no blood count has.
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("2345-7", 5.4, "mmol/L")), Patient()).ok());
}

// §7 Codes with the preamble's units: counts in 10*9/L or /uL, Hb in g/L or g/dL.
TEST_F(MyelosuppressionPluginTest, ValidateAcceptsBloodCountsInTheirUnits) {
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("751-8", 0.8, "10*9/L")), Patient()).ok());
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("753-4", 800, "/uL")), Patient()).ok());
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("777-3", 45, "10^9/L")), Patient()).ok());
  EXPECT_TRUE(plugin_->Validate(RecordCommand(Result("718-7", 9.5, "g/dL")), Patient()).ok());
}

// §7 Codes, ANC: UCUM 10*9/L; g/L is refused naming result.unit.
TEST_F(MyelosuppressionPluginTest, ValidateRefusesAUnitTheAnalyteDoesNotHave) {
  absl::Status refused = plugin_->Validate(RecordCommand(Result("751-8", 0.8, "g/L")), Patient());
  ASSERT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(refused.message(),
            "myelosuppression: result.unit: 'g/L' is not a unit of ANC (accepted: 10*9/L, "
            "10^9/L, x10^9/L, 10*3/uL, 10^3/uL, /uL, cells/uL, /mm3, /µL)");
}

// analytes.textproto, anc plausible_max 100 (10*9/L): 150 is a keying error.
TEST_F(MyelosuppressionPluginTest, ValidateRefusesAnImplausibleValue) {
  absl::Status refused =
      plugin_->Validate(RecordCommand(Result("26499-4", 150, "10*9/L")), Patient());
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

}  // namespace
}  // namespace casehub::engine
