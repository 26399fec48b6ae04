// Critical values (clinical-rules.md §4): every default limit of the shipped
// critical_values table at and around its boundary, and a site's override.
#include "plugins/myelosuppression/critical_values.h"

#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"
#include "plugins/myelosuppression/site_policies.h"
#include "tests/plugins/myelosuppression/embedded_rules.h"

namespace casehub::myelosuppression {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

struct Limit {
  const char* analyte;
  const char* side;  // "below" or "above"
  double limit;
  const char* source;
};

constexpr Limit kDefaultLimits[] = {
    {"anc", "below", 1.0, "§4, ANC: <1.0 for chemotherapy patients (program.md), default 1.0"},
    {"wbc", "below", 1.0, "§4, WBC: <1.0"},
    {"platelets", "below", 20, "§4, PLT: <20"},
    {"platelets", "above", 1000, "§4, PLT: high side >1000"},
    {"hemoglobin", "below", 60, "§4, Hb: <60 g/L"},
    {"hemoglobin", "above", 200, "§4, Hb: high side >200 g/L"},
};

class DefaultLimitTest : public ::testing::TestWithParam<Limit> {};

// Strictly beyond the limit is critical; the limit itself is not.
TEST_P(DefaultLimitTest, CriticalOnlyStrictlyBeyondTheLimit) {
  const Limit& row = GetParam();
  SCOPED_TRACE(row.source);
  const CriticalValuePolicy& defaults = EmbeddedRules().critical_defaults();
  const bool below = std::string(row.side) == "below";
  const double beyond = std::nextafter(row.limit, below ? -kInfinity : kInfinity);
  const double inside = std::nextafter(row.limit, below ? kInfinity : -kInfinity);

  std::optional<CriticalFinding> found = FindCritical(defaults, row.analyte, beyond);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->side, row.side);
  EXPECT_EQ(found->limit, row.limit);
  EXPECT_FALSE(FindCritical(defaults, row.analyte, row.limit).has_value());
  EXPECT_FALSE(FindCritical(defaults, row.analyte, inside).has_value());
}

INSTANTIATE_TEST_SUITE_P(CriticalValues, DefaultLimitTest, ::testing::ValuesIn(kDefaultLimits));

// §4: ANC and WBC have no high-side default; a high count is never critical.
TEST(CriticalValuesTest, CountsWithoutAHighLimitAreNeverCriticalHigh) {
  const CriticalValuePolicy& defaults = EmbeddedRules().critical_defaults();
  EXPECT_FALSE(FindCritical(defaults, "anc", 99).has_value());
  EXPECT_FALSE(FindCritical(defaults, "wbc", 499).has_value());
}

// §4 Closed loop: "not acknowledged in 15 min → charge nurse / attending".
TEST(CriticalValuesTest, DefaultsAcknowledgeWithinFifteenMinutesElseThePhysician) {
  const CriticalValuePolicy& defaults = EmbeddedRules().critical_defaults();
  EXPECT_EQ(defaults.acknowledge_within_minutes(), 15);
  EXPECT_EQ(defaults.escalate_to(), v1::ROLE_PHYSICIAN);
}

// §4, ANC: "an institution rule ... make it per-site configurable": one
// county hospital uses agranulocytosis (<0.5) as its ANC critical value.
TEST(CriticalValuesTest, ASiteOverrideAppliesAtThatSiteOnly) {
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse(
      R"(site { site_id: "qs-county" critical { analyte: "anc" below: 0.5 }
                acknowledge_within_minutes: 10 escalate_to: ROLE_NURSE })",
      EmbeddedRules());
  ASSERT_TRUE(policies.ok()) << policies.status();
  const CriticalValuePolicy& county = policies->ForSite("qs-county");
  EXPECT_FALSE(FindCritical(county, "anc", 0.7).has_value());
  EXPECT_FALSE(FindCritical(county, "anc", 0.5).has_value());
  std::optional<CriticalFinding> found = FindCritical(county, "anc", 0.49);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->limit, 0.5);
  EXPECT_EQ(county.acknowledge_within_minutes(), 10);
  EXPECT_EQ(county.escalate_to(), v1::ROLE_NURSE);

  const CriticalValuePolicy& hub = policies->ForSite("jc-hub");
  found = FindCritical(hub, "anc", 0.7);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->limit, 1.0);
  EXPECT_EQ(hub.acknowledge_within_minutes(), 15);
  EXPECT_EQ(hub.escalate_to(), v1::ROLE_PHYSICIAN);
}

// §4, PLT: lists differ (<20; <30; <50; <70); a site changing one side keeps
// the default of the other (>1000), and its minutes and role default too.
TEST(CriticalValuesTest, AnOverrideReplacesOnlyTheSideItSets) {
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse(
      R"(site { site_id: "qs-county" critical { analyte: "platelets" below: 30 } })",
      EmbeddedRules());
  ASSERT_TRUE(policies.ok()) << policies.status();
  const CriticalValuePolicy& county = policies->ForSite("qs-county");
  ASSERT_TRUE(FindCritical(county, "platelets", 25).has_value());
  EXPECT_EQ(FindCritical(county, "platelets", 25)->limit, 30);
  ASSERT_TRUE(FindCritical(county, "platelets", 1001).has_value());
  EXPECT_EQ(FindCritical(county, "platelets", 1001)->side, "above");
  EXPECT_TRUE(FindCritical(county, "hemoglobin", 59).has_value());
  EXPECT_EQ(county.acknowledge_within_minutes(), 15);
  EXPECT_EQ(county.escalate_to(), v1::ROLE_PHYSICIAN);
}

// §4, WBC: hospitals set their own lists; a site may add a high-side limit
// the defaults do not have.
TEST(CriticalValuesTest, AnOverrideMayAddALimitTheDefaultsLack) {
  absl::StatusOr<SitePolicies> policies = SitePolicies::Parse(
      R"(site { site_id: "jc-hub" critical { analyte: "wbc" above: 30 } })", EmbeddedRules());
  ASSERT_TRUE(policies.ok()) << policies.status();
  std::optional<CriticalFinding> found = FindCritical(policies->ForSite("jc-hub"), "wbc", 31);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->side, "above");
  EXPECT_TRUE(FindCritical(policies->ForSite("jc-hub"), "wbc", 0.9).has_value());
  EXPECT_FALSE(FindCritical(policies->ForSite("other"), "wbc", 31).has_value());
}

}  // namespace
}  // namespace casehub::myelosuppression
