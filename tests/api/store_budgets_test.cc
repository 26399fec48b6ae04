// The store's memory budgets in the hub's configuration (block_cache_mib,
// memtable_mib): 128 MiB each when unset, refused outside their range naming
// the field, and a hub at the smallest budgets serves writes and reads.
#include <string>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/hub/config.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

v1::HubConfig Defaults() {
  v1::HubConfig config;
  ApplyDefaults("", config);
  return config;
}

TEST(StoreBudgetsTest, UnsetBudgetsAre128MiBEach) {
  const v1::HubConfig config = Defaults();
  EXPECT_EQ(config.block_cache_mib(), 128u);
  EXPECT_EQ(config.memtable_mib(), 128u);
  EXPECT_TRUE(CheckLimits(config).ok()) << CheckLimits(config);
}

TEST(StoreBudgetsTest, ABudgetOutsideItsRangeIsRefusedNamingTheField) {
  using Set = void (v1::HubConfig::*)(uint32_t);
  const struct {
    const char* field;
    Set set;
    uint32_t low, high;
  } budgets[] = {{"block_cache_mib", &v1::HubConfig::set_block_cache_mib, 8, 256 * 1024},
                 {"memtable_mib", &v1::HubConfig::set_memtable_mib, 16, 64 * 1024}};
  for (const auto& budget : budgets) {
    for (const auto& [value, allowed] : {std::pair{budget.low - 1, false},
                                         {budget.low, true},
                                         {budget.high, true},
                                         {budget.high + 1, false}}) {
      v1::HubConfig config = Defaults();
      (config.*budget.set)(value);
      const absl::Status checked = CheckLimits(config);
      if (allowed) {
        EXPECT_TRUE(checked.ok()) << budget.field << " " << value << ": " << checked;
        continue;
      }
      EXPECT_EQ(checked.code(), absl::StatusCode::kInvalidArgument) << budget.field << " " << value;
      EXPECT_THAT(std::string(checked.message()), HasSubstr(budget.field));
    }
  }
}

class SmallestBudgetsTest : public HubFixture {
 protected:
  SmallestBudgetsTest()
      : HubFixture([](v1::HubConfig& config) {
          config.set_block_cache_mib(8);
          config.set_memtable_mib(16);
        }) {}
};

TEST_F(SmallestBudgetsTest, AHubAtTheSmallestBudgetsServesWritesAndReads) {
  const std::string patient = Register("reg-1");
  OpenLungCase(patient, "case-1");
  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient, 0.6, "lab-1"), &recorded).ok());
  v1::GetPatientRequest request;
  request.set_patient_id(patient);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), request, &view).ok());
  EXPECT_EQ(view.state().version(), recorded.version());
  EXPECT_EQ(view.state().alerts_size(), 1);
}

}  // namespace
}  // namespace casehub::hub
