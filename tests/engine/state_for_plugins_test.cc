// A request built with the shared serialized state must reach the plugin as
// the very message a copy of the state would have made.
#include "services/engine/state_for_plugins.h"

#include "casehub/v1/plugin_abi.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

using google::protobuf::util::MessageDifferencer;

// A state large enough that its length takes a two-byte varint.
v1::PatientState SomeState() {
  v1::PatientState state;
  state.mutable_patient()->set_id("p0123456789ab");
  state.mutable_patient()->set_name("Zhou Fang");
  state.set_version(42);
  for (int i = 0; i < 20; ++i) {
    v1::Case& c = *state.add_cases();
    c.set_id("p0123456789ab-c" + std::to_string(i + 1));
    c.set_plugin_id("lung");
  }
  return state;
}

TEST(StateForPluginsTest, ValidateRequestParsesAsIfTheStateWereCopiedIn) {
  const v1::PatientState state = SomeState();
  v1::ValidateRequest request;
  request.mutable_command()->mutable_actor()->set_principal_id("li.nurse");
  request.mutable_now()->set_seconds(1'790'000'000);

  std::string bytes =
      SerializeWithState(request, v1::ValidateRequest::kStateFieldNumber, StateForPlugins(state));

  ASSERT_GT(state.ByteSizeLong(), 127u);
  v1::ValidateRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  v1::ValidateRequest copied = request;
  *copied.mutable_state() = state;
  EXPECT_TRUE(MessageDifferencer::Equals(parsed, copied)) << parsed.DebugString();
}

TEST(StateForPluginsTest, IndicatorItemsRequestHoldsTheStateAlone) {
  const v1::PatientState state = SomeState();
  std::string bytes = SerializeWithState(
      v1::IndicatorItemsRequest(), v1::IndicatorItemsRequest::kStateFieldNumber, state);
  v1::IndicatorItemsRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_TRUE(MessageDifferencer::Equals(parsed.state(), state));
  // Nothing else: the same bytes a copy would serialize to.
  v1::IndicatorItemsRequest copied;
  *copied.mutable_state() = state;
  EXPECT_EQ(bytes, copied.SerializeAsString());
}

TEST(StateForPluginsTest, SerializesTheStateOnceForEveryRequest) {
  v1::PatientState state = SomeState();
  const StateForPlugins shared(state);
  const std::string* first = &shared.bytes();
  // Changing the state after the first use is outside the contract; it
  // shows that the bytes were kept, not made again.
  state.set_version(43);
  EXPECT_EQ(&shared.bytes(), first);
  v1::PatientState parsed;
  ASSERT_TRUE(parsed.ParseFromString(shared.bytes()));
  EXPECT_EQ(parsed.version(), 42u);
}

TEST(StateForPluginsTest, APluginReadingSomePartsIsHandedThoseAloneAsTheyAre) {
  v1::PatientState state = SomeState();
  state.add_tasks()->set_id("p0123456789ab-t30");
  state.add_alerts()->set_id("p0123456789ab-a31");
  state.add_referrals()->set_id("p0123456789ab-r32");
  const StateParts cases_and_tasks = StateParts{1} << v1::PatientState::kCasesFieldNumber |
                                     StateParts{1} << v1::PatientState::kTasksFieldNumber;
  const StateForPlugins shared(state);

  v1::ReactRequest request;
  request.mutable_event()->set_seq(43);
  v1::ReactRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(SerializeWithState(
      request, v1::ReactRequest::kStateFieldNumber, shared, cases_and_tasks)));
  v1::PatientState expected;
  *expected.mutable_cases() = state.cases();
  *expected.mutable_tasks() = state.tasks();
  EXPECT_TRUE(MessageDifferencer::Equals(parsed.state(), expected)) << parsed.DebugString();
  EXPECT_EQ(parsed.event().seq(), 43u);
  // Byte for byte what a state of those parts alone serializes to.
  EXPECT_EQ(shared.bytes(cases_and_tasks), expected.SerializeAsString());

  // The whole state is still the whole state, and each set of parts is
  // made once.
  EXPECT_EQ(shared.bytes(), state.SerializeAsString());
  EXPECT_EQ(&shared.bytes(cases_and_tasks), &shared.bytes(cases_and_tasks));
  const StateParts version = StateParts{1} << v1::PatientState::kVersionFieldNumber;
  v1::PatientState only_version;
  ASSERT_TRUE(only_version.ParseFromString(shared.bytes(version)));
  EXPECT_EQ(only_version.version(), 42u);
  EXPECT_TRUE(only_version.cases().empty());
}

}  // namespace
}  // namespace casehub::engine
