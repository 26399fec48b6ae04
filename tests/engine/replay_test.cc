// Replay determinism: the stored state is exactly what replaying the event
// log produces, however the log was written.
#include "gtest/gtest.h"
#include "services/engine/apply.h"
#include "services/engine/ids.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

class ReplayTest : public EngineFixture {};

TEST_F(ReplayTest, ReplayingTheLogReproducesTheStoredStateByteForByte) {
  std::string patient = NewPatient("r1");
  std::string case_id = engine_->Execute(OpenCase("r2", patient))->entity_id();
  ASSERT_TRUE(engine_->Execute(RecordAnc("r3", patient, 0.7)).ok());
  ASSERT_TRUE(engine_->Execute(RecordCaseData("r4a", case_id, {{"histology", "squamous"},
                                                                {"diagnosis_date", "2026-10-01"}}))
                  .ok());
  ASSERT_TRUE(engine_->Execute(ChangeStage("r4", case_id, "staging")).ok());
  ASSERT_TRUE(engine_->Execute(CompleteTask("r5", EntityId(patient, EntityKind::kTask, 3))).ok());

  std::vector<v1::Event> events = *engine_->LoadEvents(patient);
  absl::StatusOr<v1::PatientState> replayed = Replay(events);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_EQ(replayed->SerializeAsString(), engine_->LoadState(patient)->SerializeAsString());

  // And twice gives the same bytes again.
  EXPECT_EQ(Replay(events)->SerializeAsString(), replayed->SerializeAsString());
}

TEST_F(ReplayTest, ReplayOfEveryPrefixMatchesTheVersionAtThatPoint) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  std::vector<v1::Event> events = *engine_->LoadEvents(patient);
  for (size_t n = 1; n <= events.size(); ++n) {
    std::vector<v1::Event> prefix(events.begin(), events.begin() + static_cast<long>(n));
    EXPECT_EQ(Replay(prefix)->version(), n);
  }
}

TEST_F(ReplayTest, AGapInTheLogIsDetected) {
  std::string patient = NewPatient("r1");
  ASSERT_TRUE(engine_->Execute(OpenCase("r2", patient)).ok());
  std::vector<v1::Event> events = *engine_->LoadEvents(patient);
  events.erase(events.begin() + 1);
  EXPECT_EQ(Replay(events).status().code(), absl::StatusCode::kInternal);
}

}  // namespace
}  // namespace casehub::engine
