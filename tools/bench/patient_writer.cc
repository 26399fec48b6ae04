#include "tools/bench/patient_writer.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "google/protobuf/descriptor.h"

namespace casehub::bench {
namespace {

// Every request of the Command oneof has its RequestMeta as field "meta";
// reaching it by reflection spares each caller the same two lines.
v1::RequestMeta& MetaOf(v1::Command& command) {
  const google::protobuf::Reflection& reflection = *command.GetReflection();
  const google::protobuf::FieldDescriptor* request_field = reflection.GetOneofFieldDescriptor(
      command, v1::Command::descriptor()->FindOneofByName("body"));
  google::protobuf::Message* request = reflection.MutableMessage(&command, request_field);
  return *static_cast<v1::RequestMeta*>(request->GetReflection()->MutableMessage(
      request, request->GetDescriptor()->FindFieldByName("meta")));
}

}  // namespace

PatientWriter::PatientWriter(engine::Engine& engine, ManualClock& clock, absl::Time history_end,
                             std::string site_id, std::string request_prefix)
    : engine_(engine),
      clock_(clock),
      history_end_(history_end),
      site_id_(std::move(site_id)),
      request_prefix_(std::move(request_prefix)) {}

bool PatientWriter::MoveTo(absl::Time at) {
  if (at > history_end_) return false;
  // Time never runs backwards: a step planned for a time already passed
  // (a count drawn while an alert was being closed) happens now.
  clock_.Set(std::max(at, clock_.Now()));
  return true;
}

absl::StatusOr<v1::CommandOutcome> PatientWriter::Execute(v1::Command command) {
  command.mutable_actor()->set_principal_id("populate");
  command.mutable_actor()->set_site_id(site_id_);
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
  const std::string request_id = absl::StrCat(request_prefix_, ++requests_);
  MetaOf(command).set_request_id(request_id);
  absl::StatusOr<v1::CommandOutcome> outcome = engine_.Execute(command);
  if (!outcome.ok()) {
    return absl::Status(outcome.status().code(),
                        absl::StrCat("request ", request_id, " (", command.ShortDebugString(),
                                     ") at ", absl::FormatTime(Now()), ": ",
                                     outcome.status().message()));
  }
  patient_id_ = outcome->patient_id();
  events_ = outcome->last_seq();
  return outcome;
}

absl::StatusOr<v1::PatientState> PatientWriter::State() const {
  return engine_.LoadState(patient_id_);
}

}  // namespace casehub::bench
