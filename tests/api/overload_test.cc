// Overload over real gRPC: past each bound the hub answers RESOURCE_EXHAUSTED
// (or DEADLINE_EXCEEDED) at once, applies nothing of the refused call, and
// goes on serving; a reply over the message bound is refused saying what to
// ask for instead. The bounds are set small here (HubConfig in
// proto/casehub/v1/config.proto): one worker, two queued requests, 64 KiB
// messages, two watchers, eight pending alert updates per watcher.
#include <set>
#include <thread>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/api/busy_worker.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

void SmallLimits(v1::HubConfig& config) {
  config.set_worker_threads(1);
  config.set_max_queued_requests(2);
  config.set_max_message_bytes(64 << 10);
  config.set_max_alert_watchers(2);
  config.set_max_pending_alert_updates(8);
}

class OverloadTest : public HubFixture {
 protected:
  OverloadTest() : HubFixture(SmallLimits) {}

  v1::RegisterPatientRequest Registration(const std::string& request_id,
                                          const std::string& name = "王芳") const {
    v1::RegisterPatientRequest request;
    request.mutable_meta()->set_request_id(request_id);
    request.mutable_patient()->set_name(name);
    request.mutable_patient()->set_sex(v1::SEX_FEMALE);
    request.mutable_patient()->set_birth_date("1970-03-08");
    return request;
  }

  int PatientsOfTheHub() {
    v1::ListPatientsResponse listed;
    v1::ListPatientsRequest request;
    request.set_page_size(100);
    grpc::Status status = patients_->ListPatients(As().get(), request, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return listed.patients_size();
  }

  // Waits until the executor has run everything queued before this call.
  void Drain() {
    absl::Notification drained;
    ASSERT_TRUE(hub_->executor().TrySubmit([&] { drained.Notify(); }));
    drained.WaitForNotification();
  }
};

TEST_F(OverloadTest, AFullQueueRefusesAtOnceAndAppliesNothing) {
  BusyWorker busy(hub_->executor());
  absl::Notification ran_first, ran_second;
  ASSERT_TRUE(hub_->executor().TrySubmit([&] { ran_first.Notify(); }));
  ASSERT_TRUE(hub_->executor().TrySubmit([&] { ran_second.Notify(); }));

  v1::PatientView view;
  grpc::Status refused = patients_->RegisterPatient(As().get(), Registration("reg-full"), &view);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("request queue full"));

  busy.Release();
  ran_second.WaitForNotification();
  EXPECT_EQ(PatientsOfTheHub(), 0) << "the refused registration was applied";
  // The same request, retried once there is room, is applied once.
  ASSERT_TRUE(patients_->RegisterPatient(As().get(), Registration("reg-full"), &view).ok());
  EXPECT_EQ(PatientsOfTheHub(), 1);
}

TEST_F(OverloadTest, ARequestWhoseDeadlinePassedInTheQueueIsNotRun) {
  BusyWorker busy(hub_->executor());
  auto context = As();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  v1::PatientView view;
  grpc::Status expired =
      patients_->RegisterPatient(context.get(), Registration("reg-late"), &view);
  EXPECT_EQ(expired.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The hub counts the deadline from when the call reached it, a moment
  // after the client started counting.
  absl::SleepFor(absl::Milliseconds(100));

  busy.Release();
  Drain();
  EXPECT_EQ(PatientsOfTheHub(), 0) << "a request nobody waits for any more was applied";
  // Had it run, its request id would hold an outcome and this different
  // body would be refused as a reuse of the id.
  EXPECT_TRUE(
      patients_->RegisterPatient(As().get(), Registration("reg-late", "张丽"), &view).ok());
}

TEST_F(OverloadTest, AnOversizedMessageIsRefusedBeforeItIsParsed) {
  v1::PatientView view;
  // The name rule would say INVALID_ARGUMENT; the size bound answers first.
  grpc::Status refused = patients_->RegisterPatient(
      As().get(), Registration("reg-huge", std::string(100 << 10, 'x')), &view);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("larger than max"));
  EXPECT_EQ(PatientsOfTheHub(), 0);
  EXPECT_TRUE(patients_->RegisterPatient(As().get(), Registration("reg-small"), &view).ok());
}

TEST_F(OverloadTest, AnOversizedReplyIsRefusedSayingWhatToAskFor) {
  const std::string patient = Register("reg-long");
  OpenLungCase(patient, "case-long");
  // Normal counts in batches under the 64 KiB request bound, until the
  // patient's timeline outgrows a reply.
  for (int batch = 0; batch < 3; ++batch) {
    v1::RecordLabResultsRequest request;
    for (int n = 0; n < 250; ++n) {
      *request.add_results() = Anc(patient, 3.5, absl::StrCat("lab-", batch, "-", n));
    }
    v1::RecordLabResultsResponse recorded;
    ASSERT_TRUE(clinical_->RecordLabResults(As().get(), request, &recorded).ok());
  }
  v1::GetPatientRequest with_timeline;
  with_timeline.set_patient_id(patient);
  with_timeline.set_include_timeline(true);
  v1::PatientView view;
  grpc::Status refused = patients_->GetPatient(As().get(), with_timeline, &view);
  ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("max_message_bytes (65536)"));
  EXPECT_THAT(refused.error_message(), HasSubstr("timeline_limit, timeline_after_seq"));
  // The hub goes on serving, and the same patient without the timeline fits.
  v1::GetPatientRequest without_timeline;
  without_timeline.set_patient_id(patient);
  ASSERT_TRUE(patients_->GetPatient(As().get(), without_timeline, &view).ok());
  EXPECT_EQ(view.state().patient().id(), patient);
  const uint64_t version = view.state().version();
  ASSERT_GT(version, 750u);

  // The timeline in parts of 200, each continuing after the last seq read,
  // holds every event once, in order.
  v1::GetPatientRequest part = with_timeline;
  part.set_timeline_limit(200);
  uint64_t next_seq = 1;
  int parts = 0;
  while (next_seq <= version && parts < 10) {
    part.set_timeline_after_seq(next_seq - 1);
    grpc::Status read = patients_->GetPatient(As().get(), part, &view);
    ASSERT_TRUE(read.ok()) << read.error_message();
    ASSERT_GT(view.timeline_size(), 0);
    EXPECT_LE(view.timeline_size(), 200);
    for (const v1::Event& event : view.timeline()) EXPECT_EQ(event.seq(), next_seq++);
    ++parts;
  }
  EXPECT_EQ(next_seq, version + 1);
  EXPECT_EQ(parts, static_cast<int>((version + 199) / 200));
  // After the last event there is nothing more.
  part.set_timeline_after_seq(version);
  ASSERT_TRUE(patients_->GetPatient(As().get(), part, &view).ok());
  EXPECT_EQ(view.timeline_size(), 0);
}

class AlertOverloadTest : public OverloadTest {
 protected:
  void SetUp() override {
    patient_ = Register("reg-1");
    OpenLungCase(patient_, "case-1");
  }

  // A watcher of the hub's alerts after `cursor` ("" = from now on), on
  // its own channel with `channel` arguments.
  struct Watcher {
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<v1::AlertService::Stub> stub;
    std::unique_ptr<grpc::ClientContext> context;
    std::unique_ptr<grpc::ClientReader<v1::AlertUpdate>> reader;
  };
  Watcher Watch(const std::string& cursor, const grpc::ChannelArguments& arguments = {},
                absl::Duration deadline = absl::Seconds(30)) const {
    Watcher watcher;
    watcher.channel = grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", hub_->port()),
                                                grpc::InsecureChannelCredentials(), arguments);
    watcher.stub = v1::AlertService::NewStub(watcher.channel);
    watcher.context = As();
    watcher.context->set_deadline(absl::ToChronoTime(absl::Now() + deadline));
    v1::WatchAlertsRequest request;
    request.set_after_cursor(cursor);
    watcher.reader = watcher.stub->WatchAlerts(watcher.context.get(), request);
    return watcher;
  }

  void RecordCriticalAnc(int n) {
    v1::RecordLabResultResponse recorded;
    grpc::Status status = clinical_->RecordLabResult(
        As().get(), Anc(patient_, 0.5, absl::StrCat("lab-", n)), &recorded);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::string patient_;
};

TEST_F(AlertOverloadTest, ASlowWatcherIsCutOffWithACursorAndMissesNothing) {
  // The slow watcher's channel announces a small window and never grows it,
  // so unread updates back up in the hub rather than in the client.
  grpc::ChannelArguments slow_window;
  slow_window.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  slow_window.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, 1024);
  Watcher slow = Watch("0", slow_window);
  Watcher fast = Watch("0");

  constexpr int kAlerts = 300;
  std::set<std::string> fast_saw;
  std::thread fast_reader([&] {
    v1::AlertUpdate update;
    while (fast_saw.size() < kAlerts && fast.reader->Read(&update)) {
      fast_saw.insert(update.alert().id());
    }
  });
  // Ingest goes on while the slow watcher reads nothing.
  for (int n = 0; n < kAlerts; ++n) RecordCriticalAnc(n);
  fast_reader.join();
  EXPECT_EQ(fast_saw.size(), kAlerts) << "the slow watcher held up the other one";

  std::set<std::string> slow_saw;
  std::string last_cursor;
  v1::AlertUpdate update;
  while (slow.reader->Read(&update)) {
    slow_saw.insert(update.alert().id());
    last_cursor = update.cursor();
  }
  grpc::Status cut = slow.reader->Finish();
  ASSERT_EQ(cut.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << cut.error_message();
  EXPECT_THAT(cut.error_message(), HasSubstr("after_cursor=" + last_cursor));
  EXPECT_LT(slow_saw.size(), kAlerts);

  // The hub frees the cut watcher's slot asynchronously, and the fast one
  // holds the other: until then a resumption is refused for the bound,
  // which says to retry, as a client would.
  for (int attempt = 0; attempt < 50; ++attempt) {
    Watcher resumed = Watch(last_cursor);
    while (slow_saw.size() < kAlerts && resumed.reader->Read(&update)) {
      EXPECT_FALSE(slow_saw.contains(update.alert().id())) << "delivered twice";
      slow_saw.insert(update.alert().id());
      last_cursor = update.cursor();
    }
    if (slow_saw.size() == kAlerts) {
      resumed.context->TryCancel();
      break;
    }
    grpc::Status refused = resumed.reader->Finish();
    ASSERT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED)
        << refused.error_message();
    ASSERT_THAT(refused.error_message(), HasSubstr("max_alert_watchers"));
    absl::SleepFor(absl::Milliseconds(20));
  }
  EXPECT_EQ(slow_saw, fast_saw);
}

TEST_F(AlertOverloadTest, WatchersBeyondTheBoundAreRefusedUntilOneLeaves) {
  // From cursor "0", not from now on: the hub subscribes a watcher when its
  // call arrives, which the client cannot see, and an alert committed just
  // before would never reach a watcher that starts with what happens next.
  // From "0" it comes from the replay or live, whichever is first.
  Watcher first = Watch("0");
  Watcher second = Watch("0");
  // Both are open once each has received an update.
  RecordCriticalAnc(1);
  v1::AlertUpdate update;
  ASSERT_TRUE(first.reader->Read(&update));
  ASSERT_TRUE(second.reader->Read(&update));

  Watcher third = Watch("");
  EXPECT_FALSE(third.reader->Read(&update));
  grpc::Status refused = third.reader->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(refused.error_message(), HasSubstr("max_alert_watchers"));

  // When one leaves its slot is free again (the hub lets go asynchronously):
  // an accepted watcher stays open until its deadline.
  first.context->TryCancel();
  grpc::StatusCode code = grpc::StatusCode::RESOURCE_EXHAUSTED;
  for (int attempt = 0; attempt < 50 && code == grpc::StatusCode::RESOURCE_EXHAUSTED;
       ++attempt) {
    Watcher again = Watch("", {}, absl::Milliseconds(100));
    while (again.reader->Read(&update)) {
    }
    code = again.reader->Finish().error_code();
  }
  EXPECT_EQ(code, grpc::StatusCode::DEADLINE_EXCEEDED);
  second.context->TryCancel();
}

}  // namespace
}  // namespace casehub::hub
