// What a command is about, read from its body before anything is loaded: its
// request metadata, the patient whose stream it appends to, and a stable
// fingerprint for idempotent retries.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "casehub/v1/command.pb.h"

namespace casehub::engine {

// The command's RequestMeta; INVALID_ARGUMENT when the body is missing.
absl::StatusOr<const v1::RequestMeta*> RequestMetaOf(const v1::Command& command);

// The patient the command changes; empty for a registration (a new patient).
// INVALID_ARGUMENT naming the field when the id is missing or malformed.
absl::StatusOr<std::string> TargetPatient(const v1::Command& command);

// The alert a step of the closed loop names; empty for other commands.
std::string TargetAlert(const v1::Command& command);

// FNV-1a over the serialized body: equal bodies give equal fingerprints
// across processes and versions of this binary.
uint64_t Fingerprint(const v1::Command& command);

}  // namespace casehub::engine
