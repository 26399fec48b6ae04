// The audit trail's one hook into the RPC layer: a server interceptor that,
// as each call to a service holding patient data ends, appends one record —
// the caller (from metadata), the full method name, the outcome — to the
// AuditLog. Handlers add what only they know (the patient, the entity, a
// write's request id) with the Note* functions; the note travels in the
// call's trailing metadata and the interceptor removes it before the status
// is sent, so clients never see it.
//
// No call goes unrecorded: when the record cannot be appended, the call
// fails with that error instead (a write's retry with the same request id is
// answered from the stored outcome and recorded then).
#pragma once

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"
#include "services/engine/audit_log.h"

namespace casehub::api {

// Each may be called more than once in a call; the last value counts.
void NoteAuditedPatient(grpc::ServerContextBase& call, const std::string& patient_id);
void NoteAuditedEntity(grpc::ServerContextBase& call, const std::string& entity_id);
// Marks the call as a write: its record is synced before the answer leaves.
void NoteAuditedRequest(grpc::ServerContextBase& call, const std::string& request_id);

// `log` must outlive the server.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeAuditInterceptorFactory(
    engine::AuditLog* log);

}  // namespace casehub::api
