// Rules the hub applies to case data and stage changes from what a plugin
// declares: the fields it records (kind, allowed values, range) and the
// fields each stage transition requires. A plugin's own Validate then adds
// its rules on values.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "casehub/v1/case.pb.h"
#include "casehub/v1/common.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/plugin.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/engine/plugin_host.h"

namespace casehub::engine {

// The plugin managing `c`; FAILED_PRECONDITION when it is not installed.
absl::StatusOr<const LoadedPlugin*> CasePlugin(const PluginHost& plugins, const v1::Case& c);

// FAILED_PRECONDITION naming every field `transition` requires that `c`
// has not recorded.
absl::Status CheckRequiredFields(const v1::Case& c, const v1::StageTransition& transition,
                                 const v1::PluginDescriptor& descriptor);

// The CaseDataRecorded event for a valid request.
absl::StatusOr<v1::Event> DecideRecordCaseData(const v1::RecordCaseDataRequest& request,
                                               const v1::Actor& actor,
                                               const v1::PatientState& state,
                                               const PluginHost& plugins, absl::Time now);

// Whether plugin-derived facts use fields the plugin declares, with valid values.
absl::Status CheckDerivedFacts(const v1::CaseDataRecorded& recorded,
                               const v1::PluginDescriptor& descriptor, absl::Time now);

}  // namespace casehub::engine
