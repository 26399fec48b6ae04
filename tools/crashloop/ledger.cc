#include "tools/crashloop/ledger.h"

namespace casehub::crashloop {

const char* KindName(WriteKind kind) {
  switch (kind) {
    case WriteKind::kRegisterPatient: return "register_patient";
    case WriteKind::kOpenCase: return "open_case";
    case WriteKind::kRecordCaseData: return "record_case_data";
    case WriteKind::kChangeCaseStage: return "change_case_stage";
    case WriteKind::kRecordLabResult: return "record_lab_result";
    case WriteKind::kAcknowledgeAlert: return "acknowledge_alert";
    case WriteKind::kRecordAlertIntervention: return "record_alert_intervention";
    case WriteKind::kCloseAlert: return "close_alert";
    case WriteKind::kCompleteTask: return "complete_task";
  }
  return "unknown";
}

void Problems::Add(std::string problem) {
  absl::MutexLock lock(&mu_);
  problems_.push_back(std::move(problem));
}

std::vector<std::string> Problems::All() const {
  absl::MutexLock lock(&mu_);
  return problems_;
}

size_t Problems::count() const {
  absl::MutexLock lock(&mu_);
  return problems_.size();
}

void Ledger::Issue(const WriteRecord& write) {
  absl::MutexLock lock(&mu_);
  writes_[write.request_id] = write;
  if (!write.patient_id.empty()) touched_.insert(write.patient_id);
}

void Ledger::Attempt(const std::string& request_id, absl::Time sent) {
  absl::MutexLock lock(&mu_);
  WriteRecord& write = writes_[request_id];
  ++write.attempts;
  write.last_sent = sent;
}

void Ledger::UnknownOutcome(const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  ++writes_[request_id].unknown_outcomes;
}

void Ledger::Acknowledge(const std::string& request_id, const std::string& entity,
                         uint64_t seq) {
  absl::MutexLock lock(&mu_);
  WriteRecord& write = writes_[request_id];
  write.acknowledged = true;
  write.answer_entity = entity;
  write.answer_seq = seq;
  if (write.kind == WriteKind::kRegisterPatient) write.patient_id = entity;
  if (!write.patient_id.empty()) touched_.insert(write.patient_id);
}

std::vector<WriteRecord> Ledger::Writes() const {
  absl::MutexLock lock(&mu_);
  std::vector<WriteRecord> writes;
  writes.reserve(writes_.size());
  for (const auto& [id, write] : writes_) writes.push_back(write);
  return writes;
}

std::set<std::string> Ledger::TakeTouchedPatients() {
  absl::MutexLock lock(&mu_);
  std::set<std::string> touched;
  touched.swap(touched_);
  return touched;
}

}  // namespace casehub::crashloop
