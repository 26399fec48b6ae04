// The call guard: a server interceptor on every casehub method that, as
// each call ends,
//  - fails it with INTERNAL if it answered OK without having been authorized
//    for its own method (call.h, Authorize), so a handler that forgot to
//    check cannot leak anything;
//  - appends one audit record — the caller Authorize authenticated, the full
//    method name, the outcome — to the AuditLog.
// Handlers add what only they know (the patient, how the caller reached it,
// the entity, a write's request id) with the Note* functions; the note
// travels in the call's trailing metadata and the interceptor removes it
// before the status is sent, so clients never see it. A call that writes
// several patients (a batch) notes an entry per write instead: each becomes
// a record of its own beside the call's, all appended in one batch.
//
// A write that commits (Engine's WithCommit) files its call's records in its
// own batch instead, built with AllowedCallRecord and CompleteEntry, and
// notes NoteAuditCommitted: the write and its record are one atomic, synced
// commit, and the guard appends nothing more unless the call fails after it.
//
// No call goes unrecorded: when the record cannot be appended, the call
// fails with that error instead (a write's retry with the same request id is
// answered from the stored outcome and recorded then).
#pragma once

#include <memory>
#include <string>

#include <vector>

#include "absl/strings/string_view.h"
#include "casehub/v1/audit.pb.h"
#include "casehub/v1/common.pb.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/engine/audit_log.h"

namespace casehub::api {

// Each may be called more than once in a call; the last value counts.
void NoteAuditedPatient(grpc::ServerContextBase& call, const std::string& patient_id);
void NoteAuditedEntity(grpc::ServerContextBase& call, const std::string& entity_id);
// Marks the call as a write: its record is synced before the answer leaves.
void NoteAuditedRequest(grpc::ServerContextBase& call, const std::string& request_id);
// How the caller reached the patient, and the sites answering for it.
void NoteAuditedAccess(grpc::ServerContextBase& call, v1::AccessBasis basis,
                       const std::vector<std::string>& patient_sites);
// The principal a call was made by, and its site: noted by Authorize once
// the credentials check out (so a refusal for the role is recorded under the
// caller too), and by Login for the name tried, so a failed login shows in
// that site's trail.
void NoteAuditedPrincipal(grpc::ServerContextBase& call, const std::string& principal_id,
                          const std::string& site_id);
// One write of a batch call: its patient, entity, request id, access and
// status code; the caller, method, time and outcome are filled in from the call.
void NoteAuditedEntry(grpc::ServerContextBase& call, const v1::AuditRecord& entry);
// The record the guard would make of an allowed call of `method` by `actor`
// (its principal, site and role), before the handler's notes.
v1::AuditRecord AllowedCallRecord(absl::string_view method, const v1::Actor& actor);
// `entry` (as NoteAuditedEntry takes it) completed from its call's record.
v1::AuditRecord CompleteEntry(const v1::AuditRecord& call, v1::AuditRecord entry);
// The call's records were committed with its write.
void NoteAuditCommitted(grpc::ServerContextBase& call);
// Authorize's mark that the call was allowed `method`, acting as `role`.
void NoteAuthorized(grpc::ServerContextBase& call, absl::string_view method, v1::Role role);

// `log` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeCallGuardFactory(
    engine::AuditLog* log);

}  // namespace casehub::api
