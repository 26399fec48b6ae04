// Loading plugins: the good one, and each way a plugin file can be wrong.
#include "services/engine/plugin_host.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/plugin_refs.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

TEST(PluginHostTest, LoadsTheLungPluginAndRoutesLungDiagnoses) {
  auto host = PluginHost::Load(CASEHUB_PLUGIN_DIR, testing::PluginRefs({"libcasehub_lung.so"}));
  ASSERT_TRUE(host.ok()) << host.status();
  ASSERT_EQ((*host)->plugins().size(), 1u);
  const v1::PluginDescriptor& lung = (*host)->plugins()[0]->descriptor();
  EXPECT_EQ(lung.id(), "lung");
  EXPECT_EQ(lung.abi_version(), 1u);
  EXPECT_THAT(lung.loaded_from(), HasSubstr("libcasehub_lung.so"));
  EXPECT_EQ(lung.stages(0).id(), "diagnosis");
  // A tumor type declares what its pathway looks at (TumorTypePlugin).
  EXPECT_THAT(lung.validates(), ::testing::ElementsAre("change_case_stage", "record_case_data"));
  EXPECT_THAT(lung.reacts_to(), ::testing::Contains("case_opened"));

  EXPECT_EQ((*host)->RouteDiagnosis("C34.1"), (*host)->plugins()[0].get());
  EXPECT_EQ((*host)->RouteDiagnosis("D02.2"), (*host)->plugins()[0].get());
  EXPECT_EQ((*host)->RouteDiagnosis("C50.9"), nullptr);
  EXPECT_EQ((*host)->FindById("lung"), (*host)->plugins()[0].get());
}

// ABI growth: a table as built before ABI 1.1 (no indicator_items) loads,
// and the hub asks it for no indicators.
TEST(PluginHostTest, APluginBuiltForAbi10StillLoadsWithoutIndicators) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR,
                               testing::PluginRefs({"libabi_1_0_plugin.so"}));
  ASSERT_TRUE(host.ok()) << host.status();
  const LoadedPlugin& plugin = *(*host)->plugins()[0];
  EXPECT_EQ(plugin.id(), "mesothelioma");
  v1::PatientState state;
  state.mutable_patient()->set_id("p1");
  v1::Case* c = state.add_cases();
  c->set_id("p1-c2");
  c->set_plugin_id("mesothelioma");
  absl::StatusOr<std::vector<v1::IndicatorEntry>> items = plugin.IndicatorItems(state);
  ASSERT_TRUE(items.ok()) << items.status();
  EXPECT_TRUE(items->empty());
}

TEST(PluginHostTest, MissingFileIsNotFoundNamingThePath) {
  auto host = PluginHost::Load(CASEHUB_PLUGIN_DIR, testing::PluginRefs({"libcasehub_nowhere.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("libcasehub_nowhere.so"));
}

TEST(PluginHostTest, WrongAbiVersionIsRefusedNamingBothVersions) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR, testing::PluginRefs({"libwrong_abi_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("ABI version 999"));
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("ABI version 1"));
}

TEST(PluginHostTest, SharedObjectWithoutEntryPointIsRefused) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR, testing::PluginRefs({"libnot_a_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("casehub_plugin_entry"));
}

TEST(PluginHostTest, FileThatIsNotASharedObjectIsRefused) {
  auto host = PluginHost::Load("/", testing::PluginRefs({"etc/hostname"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("cannot be loaded"));
}

TEST(PluginHostTest, OverlappingClaimsAreRefusedNamingBothPlugins) {
  auto host = PluginHost::Load(CASEHUB_PLUGIN_DIR, testing::PluginRefs({"libcasehub_lung.so", std::string(CASEHUB_TEST_PLUGIN_DIR) + "/liboverlapping_lung_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("lung"));
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("upper_lobe claims C34.1"));
}

TEST(PluginHostTest, TwoPluginsForOneTumorTypeAreRefused) {
  auto host = PluginHost::Load(
      CASEHUB_PLUGIN_DIR,
      testing::PluginRefs({"libcasehub_lung.so",
                           std::string(CASEHUB_TEST_PLUGIN_DIR) + "/libsecond_lung_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()),
              HasSubstr("plugins lung and lung_alt both manage tumor type 'lung'"));
}

TEST(PluginHostTest, APluginIsCalledOnlyForTheCommandsAndEventsItDeclares) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR,
                               testing::PluginRefs({"libselective_module_plugin.so"}));
  ASSERT_TRUE(host.ok()) << host.status();
  const LoadedPlugin& selective = *(*host)->plugins()[0];
  v1::PatientState state;
  state.mutable_patient()->set_id("p1");
  state.add_cases()->set_id("p1-c2");
  state.add_alerts()->set_id("p1-a3");
  const absl::Time now = absl::FromUnixSeconds(1'790'000'000);

  v1::Command register_patient;
  register_patient.mutable_register_patient()->mutable_patient()->set_name("Test");
  EXPECT_TRUE(selective.Validate(register_patient, state, now).ok()) << "not asked";
  v1::Command record_case_data;
  record_case_data.mutable_record_case_data()->set_case_id("p1-c2");
  absl::Status refused = selective.Validate(record_case_data, state, now);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("selective: refuses"));
  // It reads the cases alone: the rest of the state is not handed over.
  EXPECT_THAT(std::string(refused.message()),
              HasSubstr("(handed 1 cases, 0 alerts, patient '')"));

  v1::Event registered;
  registered.mutable_patient_registered();
  auto ignored = selective.React(registered, state);
  ASSERT_TRUE(ignored.ok()) << ignored.status();
  EXPECT_TRUE(ignored->empty());
  v1::Event recorded;
  recorded.mutable_case_data_recorded()->set_case_id("p1-c2");
  EXPECT_EQ(selective.React(recorded, state).status().code(), absl::StatusCode::kInternal)
      << "asked, and it failed";
}

TEST(PluginHostTest, AnInterestInAnEventTheHubDoesNotKnowStopsTheLoad) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR,
                               testing::PluginRefs({"libunknown_interest_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()),
              HasSubstr("plugin unknown_interest: reacts_to names 'lab_result_arrived', which "
                        "is not in Event.body of this hub"));
}

TEST(PluginHostTest, AStatePartTheHubDoesNotKnowStopsTheLoad) {
  auto host = PluginHost::Load(CASEHUB_TEST_PLUGIN_DIR,
                               testing::PluginRefs({"libunknown_state_part_plugin.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()),
              HasSubstr("plugin unknown_state_part: reads names 'lab_results', which is not a "
                        "part of PatientState of this hub"));
}

TEST(PluginHostTest, SamePluginTwiceIsRefused) {
  auto host = PluginHost::Load(CASEHUB_PLUGIN_DIR, testing::PluginRefs({"libcasehub_lung.so", "libcasehub_lung.so"}));
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()), HasSubstr("two plugins have the id 'lung'"));
}

TEST(PluginHostTest, SettingsThePluginRefusesStopTheLoad) {
  std::vector<v1::PluginRef> refs = testing::PluginRefs({"libcasehub_lung.so"});
  refs[0].set_settings("critical_anc: 0.5");
  auto host = PluginHost::Load(CASEHUB_PLUGIN_DIR, refs);
  ASSERT_EQ(host.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(host.status().message()),
              HasSubstr("plugin lung refused its settings: this plugin takes no settings"));
}

}  // namespace
}  // namespace casehub::engine
