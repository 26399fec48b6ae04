// One client of the hub: it registers patients and follows each along a
// lung pathway - opens a C34.1 case, records diagnosis data, moves the case
// to staging, records blood counts (some critical, which raise alerts), runs
// each alert through acknowledge -> intervene -> close and completes tasks.
// Each patient belongs to one client, so its writes are sequential and
// every write's expected effect is exact. Every write gets a fresh request
// id and is retried with the same request until casehub answers; the ledger
// records it before the first attempt and the answer when it comes.
#pragma once

#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/crashloop/ledger.h"
#include "tools/crashloop/retrying_call.h"

namespace casehub::crashloop {

struct WorkloadOptions {
  // Distinguishes this client's request ids and patient names.
  int client_index = 0;
  // Makes the choices (not the kill moments) of a run repeatable.
  uint64_t seed = 1;
  // Unique per run, so request ids never meet those of an earlier run.
  std::string run_tag = "";
  // Patients a client writes to at a time.
  int patients_in_hand = 3;
  // Writes after which a patient is left and a new one registered.
  int writes_per_patient = 16;
};

class Client {
 public:
  Client(Caller caller, Ledger* ledger, Problems* problems, WorkloadOptions options);

  // Writes until `stop` is set; the write in hand is finished (answered)
  // first, so the ledger ends with nothing pending. Returns early when the
  // link closes.
  void Run(const std::atomic<bool>& stop);

 private:
  struct PatientInHand {
    std::string id = "";
    std::string case_id = "";
    bool diagnosis_recorded = false;
    bool staged = false;
    int writes = 0;
    // The alert being closed, and how far: 1 raised, 2 acknowledged,
    // 3 intervened.
    std::string alert_id = "";
    int alert_step = 0;
  };

  // One write for some patient; CANCELLED when the link closed.
  absl::Status Step();
  absl::Status RegisterPatient();
  absl::Status OpenCase(PatientInHand& patient);
  absl::Status RecordCaseData(PatientInHand& patient, bool diagnosis);
  absl::Status MoveToStaging(PatientInHand& patient);
  absl::Status RecordLabResult(PatientInHand& patient);
  absl::Status AdvanceAlert(PatientInHand& patient);
  // Completes an open task of the patient, if it has one; false if not.
  absl::StatusOr<bool> CompleteSomeTask(PatientInHand& patient);

  // A new request id for this client: unique in the run.
  std::string NextRequestId();
  // Enters `write` in the ledger with a new request id, sends `request`
  // (whose meta gets that id) until answered. A refusal is a problem.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Write(
      WriteRecord& write,
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      Request& request);
  // A refusal or wrong answer, named precisely.
  absl::Status Refused(const WriteRecord& write, const absl::Status& status);
  void Mismatch(const WriteRecord& write, const std::string& what);

  Caller caller_;
  Ledger* ledger_;
  Problems* problems_;
  WorkloadOptions options_;
  std::mt19937_64 random_;
  int next_request_ = 0;
  int next_patient_ = 0;
  std::vector<PatientInHand> patients_;
};

}  // namespace casehub::crashloop
