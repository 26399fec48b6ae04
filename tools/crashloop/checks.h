// The promises, checked against a running hub:
//  - every acknowledged write is in its patient's timeline exactly once,
//    agreeing with the answer the client got (ids, seq, value), with the
//    derived events that must come in the same batch;
//  - a write whose answer never arrived is there at most once;
//  - no event comes from a request no client sent, and no patient exists
//    that no acknowledged registration named (a registration applied twice);
//  - alerts and tasks are in the state the acknowledged steps left them in;
//  - every acknowledged write has an allowed record in the audit trail of
//    the sites' clinicians (a write and its record commit together);
//  - AdminService.Verify (state and indexes rebuilt from the log equal what
//    is stored) reports no problem.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/crashloop/ledger.h"
#include "tools/crashloop/retrying_call.h"

namespace casehub::crashloop {

struct CheckCounts {
  int patients_checked = 0;
  // Acknowledged writes found exactly once, agreeing with their answer.
  int writes_checked = 0;
  // Of those, writes retried after an unknown outcome whose event was
  // recorded before the last attempt: the retry found the stored outcome.
  int answered_from_earlier_attempt = 0;
  // Acknowledged writes found in the audit trail (the final check only).
  int writes_audited = 0;
};

struct CheckScope {
  // Which patients to read; every patient in `writes` when null.
  const std::set<std::string>* patients = nullptr;
  // The sites whose patient lists are searched for duplicate registrations.
  std::vector<std::string> sites = {};
  // Registrations of this run carry it in the patient's name.
  std::string run_tag = "";
  // Names the moment in every problem, e.g. "after restart 3".
  std::string when = "";
};

// Compares the hub with `writes`, reading each patient and each site's list
// as the site that registered them (`callers`, one per site of
// scope.sites). Problems go to `problems`; the returned status is an error
// only when the hub could not be asked.
absl::Status CheckLedger(const std::map<std::string, Caller>& callers,
                         const std::vector<WriteRecord>& writes, const CheckScope& scope,
                         Problems& problems, CheckCounts& counts);

// Reads the trail of each site's clinician "crashloop.<site>" as that site's
// auditor (`auditors`, by site): every acknowledged write of `writes` must
// be there, allowed, under its request id.
absl::Status CheckAuditTrail(const std::map<std::string, Caller>& auditors,
                             const std::vector<WriteRecord>& writes, const std::string& when,
                             Problems& problems, CheckCounts& counts);

// AdminService.Verify; each problem it reports goes to `problems`.
absl::Status CheckVerify(const Caller& caller, const std::string& when, Problems& problems);

}  // namespace casehub::crashloop
