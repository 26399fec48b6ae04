// Bounded reads answered on gRPC's own threads (services/api/inline_reads.h),
// over real gRPC on a hub with one worker held busy: a worklist page, an
// alert page, a case and a patient read answer at once; a whole timeline, a
// write, and every read when inline_read_slots is 0 wait for the worker.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/api/inline_reads.h"
#include "tests/api/busy_worker.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

// A call that waits for the held worker outlives this.
constexpr auto kShortDeadline = std::chrono::milliseconds(300);

void OneWorker(v1::HubConfig& config) { config.set_worker_threads(1); }

void OneWorkerNoInlineReads(v1::HubConfig& config) {
  config.set_worker_threads(1);
  config.set_inline_read_slots(0);
}

class InlineReadsTest : public HubFixture {
 protected:
  explicit InlineReadsTest(void (*adjust)(v1::HubConfig&) = OneWorker) : HubFixture(adjust) {}

  void SetUp() override {
    patient_ = Register("reg-1");
    case_id_ = OpenLungCase(patient_, "case-1").id();
  }

  std::unique_ptr<grpc::ClientContext> Short() const {
    std::unique_ptr<grpc::ClientContext> context = As();
    context->set_deadline(std::chrono::system_clock::now() + kShortDeadline);
    return context;
  }

  grpc::Status Worklist(v1::ListWorklistResponse* listed) const {
    return tasks_->ListWorklist(Short().get(), v1::ListWorklistRequest(), listed);
  }

  grpc::Status Patient(bool timeline, int limit, v1::PatientView* view) const {
    v1::GetPatientRequest request;
    request.set_patient_id(patient_);
    request.set_include_timeline(timeline);
    request.set_timeline_limit(limit);
    return patients_->GetPatient(Short().get(), request, view);
  }

  std::string patient_;
  std::string case_id_;
};

TEST_F(InlineReadsTest, BoundedReadsAnswerWhileTheOnlyWorkerIsBusy) {
  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(clinical_->RecordLabResult(As().get(), Anc(patient_, 0.5, "lab-1"), &recorded).ok());
  BusyWorker busy(hub_->executor());
  v1::ListAlertsResponse alerts;
  grpc::Status listed_alerts =
      alerts_->ListAlerts(Short().get(), v1::ListAlertsRequest(), &alerts);
  ASSERT_TRUE(listed_alerts.ok()) << listed_alerts.error_message();
  ASSERT_EQ(alerts.alerts_size(), 1);  // the critical ANC's
  EXPECT_EQ(alerts.alerts(0).kind(), "myelo.critical_anc");

  v1::GetCaseRequest get_case;
  get_case.set_case_id(case_id_);
  v1::Case fetched;
  grpc::Status got_case = cases_->GetCase(Short().get(), get_case, &fetched);
  ASSERT_TRUE(got_case.ok()) << got_case.error_message();
  EXPECT_EQ(fetched.tumor_type(), "lung");

  v1::ListWorklistResponse listed;
  grpc::Status status = Worklist(&listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.tasks_size(), 1);  // the lung plugin's staging task

  v1::PatientView view;
  status = Patient(/*timeline=*/false, 0, &view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(view.state().patient().id(), patient_);
  EXPECT_EQ(view.timeline_size(), 0);

  status = Patient(/*timeline=*/true, 2, &view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(view.timeline_size(), 2);
  EXPECT_TRUE(view.timeline(0).has_patient_registered());
}

TEST_F(InlineReadsTest, AWholeTimelineAndAWriteWaitForAWorker) {
  As();
  BusyWorker busy(hub_->executor());
  v1::PatientView view;
  EXPECT_EQ(Patient(/*timeline=*/true, 0, &view).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  v1::RecordLabResultResponse recorded;
  auto context = Short();
  EXPECT_EQ(clinical_->RecordLabResult(context.get(), Anc(patient_, 2.0, "lab-1"), &recorded)
                .error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  busy.Release();
  // Once the worker is free both are served again.
  auto later = As();
  v1::GetPatientRequest whole;
  whole.set_patient_id(patient_);
  whole.set_include_timeline(true);
  grpc::Status status = patients_->GetPatient(later.get(), whole, &view);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GE(view.timeline_size(), 3);  // registered, case opened, staging task
}

class NoInlineReadsTest : public InlineReadsTest {
 protected:
  NoInlineReadsTest() : InlineReadsTest(OneWorkerNoInlineReads) {}
};

TEST_F(NoInlineReadsTest, EveryReadWaitsForAWorker) {
  As();
  BusyWorker busy(hub_->executor());
  v1::ListWorklistResponse listed;
  EXPECT_EQ(Worklist(&listed).error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  v1::PatientView view;
  EXPECT_EQ(Patient(/*timeline=*/false, 0, &view).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  busy.Release();
  grpc::Status status = tasks_->ListWorklist(As().get(), v1::ListWorklistRequest(), &listed);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(listed.tasks_size(), 1);
}

TEST(InlineReadsSlotsTest, NoMoreThanTheSlotsAtOnceAndAReleasedSlotIsFreeAgain) {
  api::InlineReads none(0);
  EXPECT_FALSE(none.TryAcquire());

  api::InlineReads two(2);
  EXPECT_TRUE(two.TryAcquire());
  EXPECT_TRUE(two.TryAcquire());
  EXPECT_FALSE(two.TryAcquire());
  two.Release();
  EXPECT_TRUE(two.TryAcquire());
  EXPECT_FALSE(two.TryAcquire());
}

TEST(InlineReadsSlotsTest, ThreadsRacingForTheSlotsNeverHoldMoreThanThem) {
  constexpr int kSlots = 3;
  api::InlineReads slots(kSlots);
  std::atomic<int> held{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (!slots.TryAcquire()) continue;
        int now = held.fetch_add(1) + 1;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        held.fetch_sub(1);
        slots.Release();
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(most.load(), kSlots);
  EXPECT_GE(most.load(), 1);
  EXPECT_TRUE(slots.TryAcquire());
}

}  // namespace
}  // namespace casehub::hub
