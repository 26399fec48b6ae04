// A partial parse of a stored message sets the fields asked for exactly as
// a full parse does and leaves every other field unset.
#include "services/engine/stored_fields.h"

#include "casehub/v1/state.pb.h"
#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

v1::PatientState StateWithEveryPart() {
  v1::PatientState state;
  state.mutable_patient()->set_id("p-1");
  state.mutable_patient()->set_registering_site_id("county-a");
  v1::Case* lung = state.add_cases();
  lung->set_owning_site_id("county-a");
  lung->add_shared_site_ids("hub");
  state.add_cases()->set_owning_site_id("county-b");
  state.add_tasks()->set_title("Nadir blood count");
  state.add_alerts()->set_id("a-1");
  state.set_version(42);
  state.add_referrals()->set_to_site_id("hub");
  state.add_emergency_access()->set_principal_id("nurse-1");
  return state;
}

TEST(StoredFieldsTest, SetsTheFieldsAskedForAsAFullParseDoesAndNothingElse) {
  const v1::PatientState full = StateWithEveryPart();
  v1::PatientState parsed;
  parsed.add_tasks()->set_title("left from before: the parse clears the message");
  ASSERT_TRUE(ParseStoredFields(
                  full.SerializeAsString(),
                  {v1::PatientState::kCasesFieldNumber, v1::PatientState::kVersionFieldNumber},
                  "state", parsed)
                  .ok());

  v1::PatientState expected;
  *expected.mutable_cases() = full.cases();
  expected.set_version(full.version());
  EXPECT_EQ(parsed.SerializeAsString(), expected.SerializeAsString());
  EXPECT_EQ(parsed.cases_size(), 2);
  EXPECT_FALSE(parsed.has_patient());
  EXPECT_EQ(parsed.tasks_size(), 0);
  EXPECT_EQ(parsed.alerts_size(), 0);
  EXPECT_TRUE(parsed.GetReflection()->GetUnknownFields(parsed).empty())
      << "the skipped fields are not kept as unknown ones either";
}

TEST(StoredFieldsTest, AskingForEveryFieldIsAFullParse) {
  const v1::PatientState full = StateWithEveryPart();
  std::vector<int> every;
  for (int i = 0; i < v1::PatientState::descriptor()->field_count(); ++i) {
    every.push_back(v1::PatientState::descriptor()->field(i)->number());
  }
  v1::PatientState parsed;
  ASSERT_TRUE(ParseStoredFields(full.SerializeAsString(), every, "state", parsed).ok());
  EXPECT_EQ(parsed.SerializeAsString(), full.SerializeAsString());
}

TEST(StoredFieldsTest, ABrokenValueIsDataLossNamingIt) {
  std::string broken = StateWithEveryPart().SerializeAsString();
  broken.resize(broken.size() - 3);  // the last field cut short
  v1::PatientState parsed;
  const absl::Status status =
      ParseStoredFields(broken, {v1::PatientState::kCasesFieldNumber}, "state of p-1", parsed);
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(status.message().find("state of p-1"), std::string::npos) << status;
}

}  // namespace
}  // namespace casehub::engine
