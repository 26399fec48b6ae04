// What the clients asked for and what casehub answered: every write is
// entered before its first attempt (pending) and marked acknowledged with
// the answer once one arrives. The checks compare the hub with this.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace casehub::crashloop {

enum class WriteKind {
  kRegisterPatient,
  kOpenCase,
  kRecordCaseData,
  kChangeCaseStage,
  kRecordLabResult,
  kAcknowledgeAlert,
  kRecordAlertIntervention,
  kCloseAlert,
  kCompleteTask,
};

// "register_patient", ... as the summary and the problems name them.
const char* KindName(WriteKind kind);

struct WriteRecord {
  WriteKind kind = WriteKind::kRegisterPatient;
  std::string request_id = "";
  // Empty for a registration until it is answered.
  std::string patient_id = "";
  // Registrations: a name no other registration uses, to tell a duplicate
  // patient from the acknowledged one.
  std::string patient_name = "";
  // Registrations: the site the client acts for (the checker reads the
  // patient as that site).
  std::string site = "";
  // The case, alert or task the write is about.
  std::string target_id = "";
  // Lab results: the value sent.
  double value = 0;

  bool acknowledged = false;
  // From the answer: the patient, case, alert or task it named.
  std::string answer_entity = "";
  // Lab results: the seq of the event that holds the result.
  uint64_t answer_seq = 0;
  int attempts = 0;
  // Attempts whose outcome was unknown (killed hub, UNAVAILABLE, deadline).
  int unknown_outcomes = 0;
  // When the last attempt was sent: an event recorded before it was applied
  // by an earlier attempt, so the answer came from the stored outcome.
  absl::Time last_sent = absl::InfinitePast();
};

// Problems found anywhere in the run, each naming what it is about.
class Problems {
 public:
  void Add(std::string problem);
  std::vector<std::string> All() const;
  size_t count() const;

 private:
  mutable absl::Mutex mu_;
  std::vector<std::string> problems_ ABSL_GUARDED_BY(mu_);
};

class Ledger {
 public:
  // Enters a write before its first attempt.
  void Issue(const WriteRecord& write);
  // Notes one attempt about to be sent.
  void Attempt(const std::string& request_id, absl::Time sent);
  void UnknownOutcome(const std::string& request_id);
  // The answer: the entity it named (and for a lab result the event seq).
  // A registration's patient id becomes known here.
  void Acknowledge(const std::string& request_id, const std::string& entity, uint64_t seq);

  // Every write so far.
  std::vector<WriteRecord> Writes() const;
  // The patients written to since the last call (the incremental checks).
  std::set<std::string> TakeTouchedPatients();

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, WriteRecord> writes_ ABSL_GUARDED_BY(mu_);
  std::set<std::string> touched_ ABSL_GUARDED_BY(mu_);
};

}  // namespace casehub::crashloop
