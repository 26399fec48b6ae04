// AdminService.Backup on a hub that keeps writing: the backup opens as a
// store, verifies with zero problems, and holds every write acknowledged
// before the Backup call began.
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/engine/plugin_host.h"
#include "services/engine/verify.h"
#include "services/store/keys.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

class BackupTest : public HubFixture {
 protected:
  // Registers patients and records a lab result for each until stopped,
  // keeping the request ids of the acknowledged writes.
  void WriteUntilStopped() {
    for (int i = 0; !stop_; ++i) {
      v1::RegisterPatientRequest registration;
      registration.mutable_meta()->set_request_id(absl::StrCat("backup-register-", i));
      registration.mutable_patient()->set_name("王桂兰");
      registration.mutable_patient()->set_sex(v1::SEX_FEMALE);
      registration.mutable_patient()->set_birth_date("1958-03-09");
      v1::PatientView view;
      grpc::Status status = patients_->RegisterPatient(As().get(), registration, &view);
      if (!status.ok()) return Fail(status);
      Acknowledge(registration.meta().request_id());

      v1::RecordLabResultRequest lab =
          Anc(view.state().patient().id(), 2.5, absl::StrCat("backup-lab-", i));
      v1::RecordLabResultResponse recorded;
      status = clinical_->RecordLabResult(As().get(), lab, &recorded);
      if (!status.ok()) return Fail(status);
      Acknowledge(lab.meta().request_id());
    }
  }

  void Acknowledge(const std::string& request_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    acknowledged_.push_back(request_id);
  }
  void Fail(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    writer_error_ = status.error_message();
  }
  std::vector<std::string> AcknowledgedSoFar() {
    std::lock_guard<std::mutex> lock(mutex_);
    return acknowledged_;
  }

  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::vector<std::string> acknowledged_;
  std::string writer_error_;
};

TEST_F(BackupTest, BackupTakenWhileWritingVerifiesAndHoldsEveryAcknowledgedWrite) {
  std::thread writer([this] { WriteUntilStopped(); });
  while (AcknowledgedSoFar().size() < 20 && writer_error_.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  const std::vector<std::string> before_backup = AcknowledgedSoFar();
  v1::BackupRequest request;
  request.set_destination_dir(dir_.Sub("backup"));
  v1::BackupResponse response;
  grpc::Status status = admin_->Backup(AsNetworkAdmin().get(), request, &response);
  // Let the writer go on a little past the backup, then stop it.
  const size_t after_backup = AcknowledgedSoFar().size() + 4;
  while (AcknowledgedSoFar().size() < after_backup && writer_error_.empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  stop_ = true;
  writer.join();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_TRUE(writer_error_.empty()) << writer_error_;
  EXPECT_EQ(response.destination_dir(), dir_.Sub("backup"));

  auto backup = store::Store::Open({.path = dir_.Sub("backup")});
  ASSERT_TRUE(backup.ok()) << backup.status();
  std::vector<v1::PluginRef> refs(2);
  refs[0].set_file("libcasehub_lung.so");
  refs[1].set_file("libcasehub_myelosuppression.so");
  auto plugins = engine::PluginHost::Load(CASEHUB_PLUGIN_DIR, refs);
  ASSERT_TRUE(plugins.ok()) << plugins.status();
  auto verified = engine::Verify(**backup, **plugins);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->problems_size(), 0) << verified->DebugString();
  EXPECT_GE(verified->patients_checked(), before_backup.size() / 2);
  for (const std::string& request_id : before_backup) {
    auto outcome = (*backup)->Get(store::Family::kRequests, store::RequestKey(request_id));
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_TRUE(outcome->has_value()) << request_id << " was acknowledged but is not in the backup";
  }
}

TEST_F(BackupTest, RefusesARelativeOrTakenDestination) {
  v1::BackupRequest request;
  v1::BackupResponse response;
  request.set_destination_dir("backup");
  EXPECT_EQ(admin_->Backup(AsNetworkAdmin().get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The hub's own data directory is taken.
  request.set_destination_dir(dir_.Sub("data"));
  EXPECT_EQ(admin_->Backup(AsNetworkAdmin().get(), request, &response).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

}  // namespace
}  // namespace casehub::hub
