// The critical-value closed loop over real gRPC: an ANC below 1.0 raises an
// alert in the same write as the result, a watcher receives it live, people
// acknowledge, intervene and close it, the scheduler escalates an alert not
// acknowledged in time (moved clock), and a watcher that reconnects with its
// cursor gets what it missed. Thresholds: clinical-rules.md §4 (ANC < 1.0,
// the program's default; 15 minutes to acknowledge).
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/engine/field_rules.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

class AlertLoopTest : public HubFixture {
 protected:
  void SetUp() override {
    patient_ = Register("reg-1");
    case_ = OpenLungCase(patient_, "case-1");
  }

  // A watcher of the hub's alerts from `cursor` ("" = from now on).
  struct Watcher {
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientReader<v1::AlertUpdate>> reader;

    v1::AlertUpdate Next() {
      v1::AlertUpdate update;
      EXPECT_TRUE(reader->Read(&update)) << "the stream ended early";
      return update;
    }
  };
  Watcher Watch(const std::string& cursor) {
    Watcher watcher;
    watcher.context = As();
    v1::WatchAlertsRequest request;
    request.set_after_cursor(cursor);
    watcher.reader = alerts_->WatchAlerts(watcher.context.get(), request);
    return watcher;
  }

  v1::Alert Step(const std::function<grpc::Status(grpc::ClientContext*, v1::Alert*)>& call) {
    v1::Alert alert;
    grpc::Status status = call(As().get(), &alert);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return alert;
  }
  v1::Alert Acknowledge(const std::string& alert_id, const std::string& request_id) {
    v1::AcknowledgeAlertRequest request;
    request.mutable_meta()->set_request_id(request_id);
    request.set_alert_id(alert_id);
    request.set_note("read back: ANC 0.4");
    return Step([&](auto* context, auto* alert) {
      return alerts_->AcknowledgeAlert(context, request, alert);
    });
  }

  void RecordAnc(double value, const std::string& request_id) {
    v1::RecordLabResultResponse recorded;
    grpc::Status status = clinical_->RecordLabResult(As().get(), Anc(patient_, value, request_id),
                                                     &recorded);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string patient_;
  v1::Case case_;
};

TEST_F(AlertLoopTest, CriticalAncRunsTheWholeLoopWithTimings) {
  Watcher watcher = Watch("0");
  RecordAnc(0.4, "lab-1");

  v1::AlertUpdate raised = watcher.Next();
  const v1::Alert& alert = raised.alert();
  EXPECT_EQ(alert.status(), v1::ALERT_STATUS_RAISED);
  EXPECT_EQ(alert.kind(), "myelo.critical_anc");
  EXPECT_EQ(alert.patient_id(), patient_);
  EXPECT_EQ(alert.case_id(), case_.id());
  EXPECT_EQ(alert.site_id(), "jc-hub");
  EXPECT_EQ(engine::ToAbslTime(alert.acknowledge_by()) - engine::ToAbslTime(alert.raised_at()),
            absl::Minutes(15));

  v1::ListAlertsResponse open;
  ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
  ASSERT_EQ(open.alerts_size(), 1);
  EXPECT_EQ(open.alerts(0).id(), alert.id());

  clock_.Advance(absl::Minutes(4));
  v1::Alert acknowledged = Acknowledge(alert.id(), "ack-1");
  EXPECT_EQ(acknowledged.status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_EQ(acknowledged.acknowledged_by().principal_id(), "clinician.jc-hub");
  EXPECT_EQ(engine::ToAbslTime(acknowledged.acknowledged_at()) -
                engine::ToAbslTime(acknowledged.raised_at()),
            absl::Minutes(4))
      << "time to acknowledge is measurable";
  EXPECT_EQ(watcher.Next().alert().status(), v1::ALERT_STATUS_ACKNOWLEDGED);

  v1::CloseAlertRequest too_early;
  too_early.mutable_meta()->set_request_id("close-early");
  too_early.set_alert_id(alert.id());
  v1::Alert unchanged;
  grpc::Status refused = alerts_->CloseAlert(As().get(), too_early, &unchanged);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(refused.error_message(), HasSubstr("only a intervened alert can be closed"));

  clock_.Advance(absl::Minutes(20));
  v1::RecordAlertInterventionRequest intervene;
  intervene.mutable_meta()->set_request_id("int-1");
  intervene.set_alert_id(alert.id());
  intervene.set_intervention("PEG-rhG-CSF ordered; FN education given");
  EXPECT_EQ(Step([&](auto* c, auto* a) { return alerts_->RecordAlertIntervention(c, intervene, a); })
                .status(),
            v1::ALERT_STATUS_INTERVENED);
  EXPECT_EQ(watcher.Next().alert().status(), v1::ALERT_STATUS_INTERVENED);

  clock_.Advance(absl::Minutes(60));
  v1::CloseAlertRequest close;
  close.mutable_meta()->set_request_id("close-1");
  close.set_alert_id(alert.id());
  close.set_closing_note("documented in progress note");
  v1::Alert closed =
      Step([&](auto* c, auto* a) { return alerts_->CloseAlert(c, close, a); });
  EXPECT_EQ(closed.status(), v1::ALERT_STATUS_CLOSED);
  EXPECT_EQ(engine::ToAbslTime(closed.closed_at()) - engine::ToAbslTime(closed.raised_at()),
            absl::Minutes(84))
      << "time to close is measurable";
  v1::AlertUpdate last = watcher.Next();
  EXPECT_EQ(last.alert().status(), v1::ALERT_STATUS_CLOSED);

  ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
  EXPECT_EQ(open.alerts_size(), 0) << "a closed alert leaves the open list";

  v1::AcknowledgeAlertRequest again;
  again.mutable_meta()->set_request_id("ack-again");
  again.set_alert_id(alert.id());
  EXPECT_EQ(alerts_->AcknowledgeAlert(As().get(), again, &unchanged).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "acknowledging a closed alert";

  // Every step is its own event on the timeline, and the log rebuilds it all.
  v1::GetPatientRequest get;
  get.set_patient_id(patient_);
  get.set_include_timeline(true);
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  int steps = 0;
  for (const v1::Event& event : view.timeline()) {
    steps += event.has_alert_acknowledged() + event.has_alert_intervened() + event.has_alert_closed();
  }
  EXPECT_EQ(steps, 3);
  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_EQ(verified.problems_size(), 0) << verified.DebugString();
  watcher.context->TryCancel();
}

TEST_F(AlertLoopTest, ANormalAncRaisesNothing) {
  RecordAnc(1.0, "lab-boundary");  // §4: critical is below 1.0; 1.0 itself is not
  v1::ListAlertsResponse open;
  ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
  EXPECT_EQ(open.alerts_size(), 0);
}

TEST_F(AlertLoopTest, UnacknowledgedAlertEscalatesOnceAfterTheLimit) {
  Watcher watcher = Watch("0");
  RecordAnc(0.3, "lab-1");
  std::string alert_id = watcher.Next().alert().id();

  clock_.Advance(absl::Minutes(15) - absl::Seconds(1));
  ASSERT_EQ(*hub_->scheduler().RunOnce(), 0);
  clock_.Advance(absl::Seconds(1));  // acknowledge_by itself counts as late
  ASSERT_EQ(*hub_->scheduler().RunOnce(), 1);
  v1::AlertUpdate escalated = watcher.Next();
  EXPECT_EQ(escalated.alert().id(), alert_id);
  EXPECT_EQ(escalated.alert().escalation_level(), 1u);
  EXPECT_EQ(escalated.alert().status(), v1::ALERT_STATUS_RAISED) << "still to be acknowledged";
  EXPECT_EQ(escalated.alert().escalate_to_role(), v1::ROLE_PHYSICIAN);

  // The physician is told on their own worklist, with the same 15 minutes.
  v1::ListWorklistRequest physicians;
  physicians.set_role(v1::ROLE_PHYSICIAN);
  v1::ListWorklistResponse worklist;
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), physicians, &worklist).ok());
  ASSERT_EQ(worklist.tasks_size(), 1);
  const v1::Task escalation = worklist.tasks(0);
  EXPECT_EQ(escalation.alert_id(), alert_id);
  EXPECT_EQ(escalation.assignee_role(), v1::ROLE_PHYSICIAN);
  EXPECT_EQ(escalation.due_at().seconds(), absl::ToUnixSeconds(clock_.Now() + absl::Minutes(15)));

  clock_.Advance(absl::Hours(2));
  EXPECT_EQ(*hub_->scheduler().RunOnce(), 1) << "the physician's task is overdue";
  EXPECT_EQ(*hub_->scheduler().RunOnce(), 0) << "and the alert escalates only once";
  EXPECT_EQ(Acknowledge(alert_id, "late-ack").status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  ASSERT_TRUE(tasks_->ListWorklist(As().get(), physicians, &worklist).ok());
  EXPECT_EQ(worklist.tasks_size(), 0) << "acknowledging completes the escalation task";
  watcher.context->TryCancel();
}

TEST_F(AlertLoopTest, ReconnectingWithTheLastCursorDeliversWhatWasMissed) {
  std::string cursor;
  {
    Watcher watcher = Watch("0");
    RecordAnc(0.5, "lab-1");
    cursor = watcher.Next().cursor();
    watcher.context->TryCancel();
  }
  // While nobody watches: a second critical value and a step on the first.
  clock_.Advance(absl::Minutes(1));  // open alerts list oldest first
  RecordAnc(0.2, "lab-2");
  v1::ListAlertsResponse open;
  ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
  ASSERT_EQ(open.alerts_size(), 2);
  Acknowledge(open.alerts(0).id(), "ack-1");

  Watcher resumed = Watch(cursor);
  v1::AlertUpdate first = resumed.Next();
  v1::AlertUpdate second = resumed.Next();
  EXPECT_EQ(first.alert().id(), open.alerts(1).id());
  EXPECT_EQ(first.alert().status(), v1::ALERT_STATUS_RAISED);
  EXPECT_EQ(second.alert().id(), open.alerts(0).id());
  EXPECT_EQ(second.alert().status(), v1::ALERT_STATUS_ACKNOWLEDGED);
  EXPECT_GT(std::stoull(second.cursor()), std::stoull(first.cursor()));
  EXPECT_GT(std::stoull(first.cursor()), std::stoull(cursor));

  // And it goes on live after the backlog.
  RecordAnc(0.1, "lab-3");
  EXPECT_EQ(resumed.Next().alert().status(), v1::ALERT_STATUS_RAISED);
  resumed.context->TryCancel();
}

TEST_F(AlertLoopTest, WatchersOfAnotherSiteSeeNothing) {
  auto context = As("qs-county");
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  v1::WatchAlertsRequest request;
  request.set_after_cursor("0");
  auto reader = alerts_->WatchAlerts(context.get(), request);
  RecordAnc(0.4, "lab-1");
  v1::AlertUpdate update;
  EXPECT_FALSE(reader->Read(&update)) << "the county's watcher received " << update.DebugString();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(AlertLoopTest, BadWatchRequestsAreRefused) {
  auto context = As();
  v1::WatchAlertsRequest request;
  request.set_after_cursor("yesterday");
  auto reader = alerts_->WatchAlerts(context.get(), request);
  v1::AlertUpdate update;
  EXPECT_FALSE(reader->Read(&update));
  grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("after_cursor"));

  // Another site's alerts are that site's people's to watch.
  auto elsewhere = As();
  v1::WatchAlertsRequest county;
  county.set_site_id("qs-county");
  auto refused = alerts_->WatchAlerts(elsewhere.get(), county);
  EXPECT_FALSE(refused->Read(&update));
  EXPECT_EQ(refused->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace casehub::hub
