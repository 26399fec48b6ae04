// HubFixture: the real hub — RocksDB in a temporary directory, the lung and
// myelosuppression plugins, the gRPC server on a free loopback port — driven
// through real gRPC stubs, with a ManualClock and the scheduler run by hand.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "casehub/v1/admin.grpc.pb.h"
#include "casehub/v1/alert.grpc.pb.h"
#include "casehub/v1/case.grpc.pb.h"
#include "casehub/v1/chemo.grpc.pb.h"
#include "casehub/v1/clinical.grpc.pb.h"
#include "casehub/v1/patient_service.grpc.pb.h"
#include "casehub/v1/plugin.grpc.pb.h"
#include "casehub/v1/site.grpc.pb.h"
#include "casehub/v1/task.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/common/clock.h"
#include "services/hub/hub.h"
#include "tests/support/temp_dir.h"

namespace casehub::hub {

class HubFixture : public ::testing::Test {
 protected:
  // `adjust` changes the test configuration before the hub starts.
  explicit HubFixture(const std::function<void(v1::HubConfig&)>& adjust = {});
  ~HubFixture() override;

  // A context with a 10 s deadline and the token of "clinician.<site>", who
  // holds every clinical role (case manager, physician, nurse, pharmacist).
  std::unique_ptr<grpc::ClientContext> As(const std::string& site = "jc-hub") const;
  // A context with the token of principal `id` at `site` holding `roles`;
  // the principal is created the first time.
  std::unique_ptr<grpc::ClientContext> AsPrincipal(const std::string& id, const std::string& site,
                                                   const std::vector<v1::Role>& roles) const;
  // A context of "netadmin", the network administrator at jc-hub.
  std::unique_ptr<grpc::ClientContext> AsNetworkAdmin() const;
  // A context carrying `token` as its bearer token.
  std::unique_ptr<grpc::ClientContext> WithToken(const std::string& token) const;
  // A context without any caller identity.
  std::unique_ptr<grpc::ClientContext> Anonymous() const;
  // A fresh token of principal `id` (created with `roles` at `site` the
  // first time), valid at the fixture's clock.
  std::string TokenOf(const std::string& id, const std::string& site,
                      const std::vector<v1::Role>& roles) const;
  // Drops the cached token of `id`: the next TokenOf logs in again.
  void ForgetToken(const std::string& id) const { tokens_.erase(id); }

  // Registers a patient through the API; returns its id.
  std::string Register(const std::string& request_id, const std::string& site = "jc-hub");
  // Opens a lung case (C34.1) through the API, owned by `site`.
  v1::Case OpenLungCase(const std::string& patient, const std::string& request_id,
                        const std::string& site = "jc-hub");
  // An ANC result in 10*9/L, taken 30 minutes ago.
  v1::RecordLabResultRequest Anc(const std::string& patient, double value,
                                 const std::string& request_id) const;

  // The chemotherapy steps, each with a fresh request id. AssessCycle
  // answers every §2.3 risk factor: present when in `present`, left out
  // when it is `skip`.
  grpc::Status AssessCycle(const std::string& case_id, uint32_t cycle, const std::string& regimen,
                           std::set<std::string> present, v1::FnRiskAssessment* result,
                           const std::string& skip = "");
  grpc::Status ConsentCycle(const std::string& case_id, uint32_t cycle);
  // A cycle of a 6-cycle, 21-day course planned for today, with one drug at
  // full dose; StartCycle sends it with a fresh request id.
  v1::StartChemoCycleRequest CycleRequest(const std::string& case_id, uint32_t cycle,
                                          const std::string& regimen) const;
  grpc::Status StartCycle(const std::string& case_id, uint32_t cycle, const std::string& regimen,
                          v1::ChemoCycle* started);
  grpc::Status StartCycle(v1::StartChemoCycleRequest request, v1::ChemoCycle* started);

  // Adds "ls-county", a county hospital no agreement ties to the hub: a site
  // unrelated to the others (pass as `adjust`).
  static void AddUnrelatedSite(v1::HubConfig& config);

  // A channel to the running hub and a stub of every service on it.
  void Connect();

  testing::TempDir dir_;
  v1::HubConfig hub_config_;
  ManualClock clock_{absl::FromCivil(absl::CivilSecond(2026, 11, 2, 9, 0, 0), absl::UTCTimeZone())};
  std::unique_ptr<Hub> hub_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::SiteService::Stub> sites_;
  std::unique_ptr<v1::PatientService::Stub> patients_;
  std::unique_ptr<v1::CaseService::Stub> cases_;
  std::unique_ptr<v1::ClinicalService::Stub> clinical_;
  std::unique_ptr<v1::TaskService::Stub> tasks_;
  std::unique_ptr<v1::PluginService::Stub> plugins_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::AlertService::Stub> alerts_;
  std::unique_ptr<v1::ChemoService::Stub> chemo_;
  int writes_ = 0;

  // Every fixture principal's password.
  static constexpr char kPassword[] = "fixture-password";

 private:
  struct Token {
    std::string token;
    absl::Time expires;
  };
  // By principal id; renewed once the clock passes a token's expiry.
  mutable std::map<std::string, Token> tokens_;
};

}  // namespace casehub::hub
