// The plugin settings: accepted forms, and each bad setting refused naming
// its field (critical-value rules of clinical-rules.md §4).
#include "plugins/myelosuppression/site_policies.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

using ::testing::HasSubstr;

// §4: "make it per-site configurable, default 1.0": no settings, the defaults
// everywhere.
TEST(SitePoliciesTest, EmptySettingsGiveEverySiteTheDefaults) {
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse("", EmbeddedRules());
  ASSERT_TRUE(policies.ok()) << policies.status();
  const CriticalValuePolicy& any = policies->ForSite("jc-hub");
  EXPECT_EQ(any.acknowledge_within_minutes(), 15);
  EXPECT_EQ(any.critical_size(), EmbeddedRules().critical_defaults().critical_size());
  EXPECT_EQ(any.critical(0).below(), 1.0);  // §4, ANC <1.0 (program.md)
}

// §4: per-site lists; two sites each get their own policy.
TEST(SitePoliciesTest, EachSiteGetsItsOwnPolicy) {
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse(
      R"(site { site_id: "qs-county" acknowledge_within_minutes: 10 }
         site { site_id: "lx-county" escalate_to: ROLE_NURSE })",
      EmbeddedRules());
  ASSERT_TRUE(policies.ok()) << policies.status();
  EXPECT_EQ(policies->ForSite("qs-county").acknowledge_within_minutes(), 10);
  EXPECT_EQ(policies->ForSite("qs-county").escalate_to(), v1::ROLE_PHYSICIAN);
  EXPECT_EQ(policies->ForSite("lx-county").acknowledge_within_minutes(), 15);
  EXPECT_EQ(policies->ForSite("lx-county").escalate_to(), v1::ROLE_NURSE);
}

struct Refusal {
  const char* settings;
  const char* message;
  const char* why;
};

constexpr Refusal kRefusals[] = {
    {R"(site { critical { analyte: "anc" below: 0.5 } })", "site[0].site_id: is required",
     "a policy is for one site"},
    {R"(site { site_id: "a" } site { site_id: "a" acknowledge_within_minutes: 5 })",
     "site[1].site_id: 'a' appears twice", "one policy per site"},
    {R"(site { site_id: "a" critical { analyte: "anc" below: 0 } })",
     "site[0].critical[0].below: must be a number > 0, got 0",
     "§4 thresholds are positive counts"},
    {R"(site { site_id: "a" critical { analyte: "platelets" below: -20 } })",
     "site[0].critical[0].below: must be a number > 0, got -20",
     "§4 thresholds are positive counts"},
    {R"(site { site_id: "a" critical { analyte: "hemoglobin" above: 0 } })",
     "site[0].critical[0].above: must be a number > 0, got 0",
     "§4 Hb high side >200 g/L is positive"},
    {R"(site { site_id: "a" critical { analyte: "hemoglobin" above: inf } })",
     "site[0].critical[0].above: must be a number > 0, got inf", "a limit is a finite number"},
    {R"(site { site_id: "a" critical { analyte: "wbc" below: nan } })",
     "site[0].critical[0].below: must be a number > 0, got nan", "a limit is a finite number"},
    {R"(site { site_id: "a" critical { analyte: "neutrophils" below: 0.5 } })",
     "site[0].critical[0].analyte: 'neutrophils' is not an analyte (known: anc, wbc, "
     "platelets, hemoglobin)",
     "§4 analytes are those of the analytes table"},
    {R"(site { site_id: "a" critical { analyte: "anc" below: 0.5 }
                            critical { analyte: "anc" above: 50 } })",
     "site[0].critical[1].analyte: 'anc' appears twice", "one entry per analyte"},
    {R"(site { site_id: "a" critical { analyte: "anc" } })",
     "site[0].critical[0]: sets neither below nor above", "an entry must change something"},
    {R"(site { site_id: "a" acknowledge_within_minutes: 0 })",
     "site[0].acknowledge_within_minutes: must be > 0, got 0",
     "§4 closed loop: an acknowledgement limit in minutes"},
    {R"(site { site_id: "a" acknowledge_within_minutes: -15 })",
     "site[0].acknowledge_within_minutes: must be > 0, got -15",
     "§4 closed loop: an acknowledgement limit in minutes"},
    {R"(site { site_id: "a" escalate_to: ROLE_UNSPECIFIED })",
     "site[0].escalate_to: must name a role", "§4 closed loop: escalate to someone"},
    {R"(site { site_id: "a" escalate_to: 42 })", "site[0].escalate_to: must name a role",
     "§4 closed loop: escalate to someone"},
    {R"(site { site_id: "a" critical { analyte: "platelets" below: 1500 } })",
     "site[0]: platelets below 1500 must be less than above 1000",
     "§4, PLT: with the default >1000 every count would be critical"},
    {R"(site { site_id: "a" } site { site_id: "b" critical { analyte: "anc" below: -1 } })",
     "site[1].critical[0].below", "the field names the right site"},
    {R"(site { site_id: "a" critical_anc: 0.5 })",
     "settings:1:33: Message type \"casehub.myelosuppression.CriticalValuePolicy\" has no "
     "field named \"critical_anc\".",
     "text format errors give line and column"},
};

class SettingsRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(SettingsRefusalTest, NamesTheField) {
  const Refusal& row = GetParam();
  SCOPED_TRACE(row.why);
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse(row.settings, EmbeddedRules());
  ASSERT_EQ(policies.status().code(), absl::StatusCode::kInvalidArgument) << row.settings;
  EXPECT_THAT(std::string(policies.status().message()), HasSubstr(row.message));
}

INSTANTIATE_TEST_SUITE_P(Settings, SettingsRefusalTest, ::testing::ValuesIn(kRefusals));

}  // namespace
}  // namespace casehub::myelosuppression
