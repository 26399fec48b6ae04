// A closed alert leaves its patient's state (closed_alerts.h): the state a
// write reads holds what is open, the closed alert joins the patient's row of
// closed alerts beside it, reads show the patient whole (what the log replays
// to), a later step on it (in the same batch too) is told it is closed, its
// closed-loop indicator item stays, and verify and rebuild know both forms. The loop: clinical-rules.md §4 (an ANC
// below 1.0 is a critical value).
#include "services/engine/closed_alerts.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/apply.h"
#include "services/engine/verify.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kClosedLoopRate[] = "critical_value_closed_loop_rate";

class ClosedAlertsTest : public EngineFixture {
 protected:
  ClosedAlertsTest() : EngineFixture({"libcasehub_lung.so", "libcasehub_myelosuppression.so"}) {}

  void SetUp() override {
    patient_ = NewPatient("reg");
    ASSERT_TRUE(engine_->Execute(OpenCase("case", patient_)).ok());
    first_alert_ = RaiseAlert("anc-1");
    second_alert_ = RaiseAlert("anc-2");
  }

  // Records a critical ANC (0.4 < 1.0) and returns the alert it raised.
  std::string RaiseAlert(const std::string& request_id) {
    absl::StatusOr<v1::CommandOutcome> recorded =
        engine_->Execute(RecordAnc(request_id, patient_, 0.4));
    EXPECT_TRUE(recorded.ok()) << recorded.status();
    absl::StatusOr<v1::PatientState> state = engine_->LoadState(patient_);
    EXPECT_TRUE(state.ok()) << state.status();
    if (!recorded.ok() || !state.ok()) return "";
    for (const v1::Alert& alert : state->alerts()) {
      if (alert.raised_by_seq() == recorded->first_seq()) return alert.id();
    }
    ADD_FAILURE() << "the critical ANC raised no alert";
    return "";
  }

  absl::Status Step(const std::string& request_id, const std::string& alert_id,
                    v1::Command::BodyCase step) {
    v1::Command command = As();
    switch (step) {
      case v1::Command::kAcknowledgeAlert:
        command.mutable_acknowledge_alert()->mutable_meta()->set_request_id(request_id);
        command.mutable_acknowledge_alert()->set_alert_id(alert_id);
        break;
      case v1::Command::kRecordAlertIntervention:
        command.mutable_record_alert_intervention()->mutable_meta()->set_request_id(request_id);
        command.mutable_record_alert_intervention()->set_alert_id(alert_id);
        command.mutable_record_alert_intervention()->set_intervention("PEG-rhG-CSF ordered");
        break;
      default:
        command.mutable_close_alert()->mutable_meta()->set_request_id(request_id);
        command.mutable_close_alert()->set_alert_id(alert_id);
        break;
    }
    return engine_->Execute(command).status();
  }

  void CloseLoop(const std::string& alert_id) {
    ASSERT_TRUE(Step("ack-" + alert_id, alert_id, v1::Command::kAcknowledgeAlert).ok());
    ASSERT_TRUE(Step("int-" + alert_id, alert_id, v1::Command::kRecordAlertIntervention).ok());
    ASSERT_TRUE(Step("close-" + alert_id, alert_id, v1::Command::kCloseAlert).ok());
  }

  // The state row as stored: what a write reads.
  v1::PatientState StoredOpenState() {
    absl::StatusOr<std::optional<std::string>> stored =
        store_->Get(store::Family::kState, store::StateKey(patient_));
    v1::PatientState state;
    EXPECT_TRUE(stored.ok() && *stored && state.ParseFromString(**stored));
    return state;
  }

  std::vector<std::string> AlertIds(const v1::PatientState& state) {
    std::vector<std::string> ids;
    for (const v1::Alert& alert : state.alerts()) ids.push_back(alert.id());
    return ids;
  }

  // The closed-loop indicator items counted as closed ('N').
  std::vector<std::string> ClosedLoopNumerators() {
    std::vector<std::string> keys;
    EXPECT_TRUE(store_
                    ->Scan(store::Family::kIndex, store::IndicatorPrefix(kClosedLoopRate), "",
                           [&](absl::string_view key, absl::string_view) {
                             if (store::IndicatorItemPart(key) == 'N') keys.emplace_back(key);
                             return true;
                           })
                    .ok());
    return keys;
  }

  // The first alert closed and kept apart, its closed-loop item counted; the
  // second open in the state; and the store what its log replays to.
  void ExpectTheFirstAlertClosedApart() {
    EXPECT_THAT(AlertIds(StoredOpenState()), ElementsAre(second_alert_));
    absl::StatusOr<std::optional<v1::Alert>> closed = LoadClosedAlert(*store_, first_alert_);
    EXPECT_TRUE(closed.ok() && closed->has_value());
    EXPECT_EQ(ClosedLoopNumerators().size(), 1u);
    EXPECT_THAT(Problems(), ElementsAre());
  }

  std::vector<std::string> Problems() {
    absl::StatusOr<v1::VerifyResponse> verified = Verify(*store_, *plugins_);
    EXPECT_TRUE(verified.ok()) << verified.status();
    if (!verified.ok()) return {"verify failed"};
    return {verified->problems().begin(), verified->problems().end()};
  }

  std::string patient_;
  std::string first_alert_;
  std::string second_alert_;
};

TEST_F(ClosedAlertsTest, AClosedAlertLeavesTheStateAndIsReadBackAfterTheOpenOnes) {
  ASSERT_THAT(AlertIds(StoredOpenState()), ElementsAre(first_alert_, second_alert_));
  CloseLoop(first_alert_);

  EXPECT_THAT(AlertIds(StoredOpenState()), ElementsAre(second_alert_));
  absl::StatusOr<std::optional<v1::Alert>> closed = LoadClosedAlert(*store_, first_alert_);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_TRUE(closed->has_value());
  EXPECT_EQ((*closed)->status(), v1::ALERT_STATUS_CLOSED);
  EXPECT_TRUE((*closed)->has_closed_at());

  absl::StatusOr<v1::PatientState> whole = engine_->LoadState(patient_);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_THAT(AlertIds(*whole), ElementsAre(second_alert_, first_alert_))
      << "the open alerts first, then the closed ones";
  EXPECT_EQ(whole->alerts(1).SerializeAsString(), (*closed)->SerializeAsString());
  // The wire form is the state's bytes, then the row's.
  absl::StatusOr<std::string> stored = engine_->LoadStoredState(patient_);
  ASSERT_TRUE(stored.ok()) << stored.status();
  absl::StatusOr<std::optional<std::string>> row =
      store_->Get(store::Family::kState, store::ClosedAlertsKey(patient_));
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ(*stored, StoredOpenState().SerializeAsString() + **row);
  // The whole state is what the log replays to, but for the alerts' order.
  absl::StatusOr<std::vector<v1::Event>> events = engine_->LoadEvents(patient_);
  ASSERT_TRUE(events.ok()) << events.status();
  absl::StatusOr<v1::PatientState> replayed = Replay(*events);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ASSERT_EQ(replayed->alerts_size(), whole->alerts_size());
  for (const v1::Alert& alert : whole->alerts()) {
    const v1::Alert* same = FindAlert(*replayed, alert.id());
    ASSERT_NE(same, nullptr) << alert.id();
    EXPECT_EQ(same->SerializeAsString(), alert.SerializeAsString());
  }
  v1::PatientState whole_without_alerts = *whole;
  whole_without_alerts.clear_alerts();
  replayed->clear_alerts();
  EXPECT_EQ(whole_without_alerts.SerializeAsString(), replayed->SerializeAsString());
}

TEST_F(ClosedAlertsTest, AlertsClosedOutOfOrderAreKeptInTheOrderTheyWereRaised) {
  CloseLoop(second_alert_);
  CloseLoop(first_alert_);
  EXPECT_TRUE(StoredOpenState().alerts().empty());
  absl::StatusOr<v1::PatientState> whole = engine_->LoadState(patient_);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_THAT(AlertIds(*whole), ElementsAre(first_alert_, second_alert_));
  EXPECT_THAT(Problems(), ElementsAre()) << "as the replayed log has them";
}

TEST_F(ClosedAlertsTest, AStepOnAClosedAlertSaysItIsClosed) {
  CloseLoop(first_alert_);
  const absl::Status again = Step("ack-again", first_alert_, v1::Command::kAcknowledgeAlert);
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(again.message(), HasSubstr("alert " + first_alert_ + " is closed"));
  const absl::Status closed = Step("close-again", first_alert_, v1::Command::kCloseAlert);
  EXPECT_EQ(closed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(closed.message(), HasSubstr("is closed"));
  const absl::Status unknown =
      Step("ack-unknown", patient_ + "-a999", v1::Command::kAcknowledgeAlert);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kNotFound) << unknown;
}

TEST_F(ClosedAlertsTest, ABatchThatClosesAnAlertAnswersTheNextStepOnItAsClosed) {
  ASSERT_TRUE(Step("ack", first_alert_, v1::Command::kAcknowledgeAlert).ok());
  ASSERT_TRUE(Step("int", first_alert_, v1::Command::kRecordAlertIntervention).ok());
  std::vector<v1::Command> batch(3, As());
  batch[0].mutable_close_alert()->mutable_meta()->set_request_id("close");
  batch[0].mutable_close_alert()->set_alert_id(first_alert_);
  batch[1].mutable_acknowledge_alert()->mutable_meta()->set_request_id("ack-again");
  batch[1].mutable_acknowledge_alert()->set_alert_id(first_alert_);
  batch[2] = RecordAnc("anc-normal", patient_, 2.5);
  Engine::BatchOutcome outcome = engine_->ExecuteBatch(batch);
  ASSERT_TRUE(outcome.commit.ok()) << outcome.commit;
  EXPECT_TRUE(outcome.results[0].ok()) << outcome.results[0].status();
  EXPECT_EQ(outcome.results[1].status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(outcome.results[1].status().message(), HasSubstr("is closed"));
  EXPECT_TRUE(outcome.results[2].ok()) << outcome.results[2].status();
  ExpectTheFirstAlertClosedApart();
}

TEST_F(ClosedAlertsTest, AClosedAlertsIndicatorItemOutlivesLaterWrites) {
  CloseLoop(first_alert_);
  ASSERT_EQ(ClosedLoopNumerators().size(), 1u);
  EXPECT_THAT(ClosedLoopNumerators().front(), HasSubstr(first_alert_));
  // The next write starts from entries derived afresh (none were remembered),
  // and so does one after a restart.
  ASSERT_TRUE(engine_->Execute(RecordAnc("anc-normal", patient_, 2.5)).ok());
  Restart();
  ASSERT_TRUE(engine_->Execute(RecordAnc("anc-normal-2", patient_, 2.6)).ok());
  CloseLoop(second_alert_);
  ASSERT_TRUE(engine_->Execute(RecordAnc("anc-normal-3", patient_, 2.7)).ok());

  EXPECT_EQ(ClosedLoopNumerators().size(), 2u);
  EXPECT_THAT(Problems(), ElementsAre());
  EXPECT_TRUE(StoredOpenState().alerts().empty());
}

TEST_F(ClosedAlertsTest, AStateStoredStillHoldingClosedAlertsIsReadAndGivesThemUpAtItsNextWrite) {
  CloseLoop(first_alert_);
  // As a casehub of schema 5 left it: the whole replayed state in the state
  // row, no closed alert beside it.
  absl::StatusOr<std::vector<v1::Event>> events = engine_->LoadEvents(patient_);
  ASSERT_TRUE(events.ok()) << events.status();
  absl::StatusOr<v1::PatientState> replayed = Replay(*events);
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  store::WriteBatch legacy = store_->NewBatch();
  legacy.Put(store::Family::kState, store::StateKey(patient_), replayed->SerializeAsString());
  legacy.Delete(store::Family::kState, store::ClosedAlertsKey(patient_));
  ASSERT_TRUE(store_->Commit(legacy).ok());
  Restart();
  ASSERT_THAT(AlertIds(StoredOpenState()), ElementsAre(first_alert_, second_alert_));
  EXPECT_THAT(Problems(), ElementsAre()) << "the old form is a valid one";
  EXPECT_EQ(engine_->LoadState(patient_)->alerts(0).status(), v1::ALERT_STATUS_CLOSED);

  ASSERT_TRUE(engine_->Execute(RecordAnc("anc-normal", patient_, 2.5)).ok());
  ExpectTheFirstAlertClosedApart();
}

TEST_F(ClosedAlertsTest, VerifyFindsAClosedAlertMissingAndRebuildPutsItBack) {
  CloseLoop(first_alert_);
  absl::StatusOr<std::optional<v1::Alert>> stored = LoadClosedAlert(*store_, first_alert_);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  store::WriteBatch batch = store_->NewBatch();
  batch.Delete(store::Family::kState, store::ClosedAlertsKey(patient_));
  ASSERT_TRUE(store_->Commit(batch).ok());
  EXPECT_THAT(Problems(), ElementsAre(HasSubstr("stored closed alerts differ from the 1 of the "
                                                "replayed log")));

  ASSERT_TRUE(Rebuild(*store_, *plugins_).ok());
  ExpectTheFirstAlertClosedApart();
}

TEST_F(ClosedAlertsTest, VerifyFindsAClosedAlertWithoutItsPatient) {
  CloseLoop(first_alert_);
  absl::StatusOr<std::optional<std::string>> row =
      store_->Get(store::Family::kState, store::ClosedAlertsKey(patient_));
  ASSERT_TRUE(row.ok() && row->has_value());
  store::WriteBatch batch = store_->NewBatch();
  batch.Put(store::Family::kState, store::ClosedAlertsKey("pnobody000000"), **row);
  ASSERT_TRUE(store_->Commit(batch).ok());
  EXPECT_THAT(Problems(), ElementsAre("patient pnobody000000: state row without events"));
}

}  // namespace
}  // namespace casehub::engine
