#include "services/engine/emergency_access.h"

#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"

namespace casehub::engine {

absl::StatusOr<v1::Event> DecideBreakGlass(const v1::BreakGlassRequest& request,
                                           const v1::Actor& actor, absl::Time now,
                                           absl::Duration duration) {
  RETURN_IF_ERROR(CheckExplanation("reason", request.reason(), 10, 500));
  v1::Event event;
  v1::EmergencyAccess* access = event.mutable_emergency_access_granted()->mutable_access();
  access->set_principal_id(actor.principal_id());
  access->set_site_id(actor.site_id());
  access->set_reason(request.reason());
  *access->mutable_granted_at() = ToProtoTime(now);
  *access->mutable_expires_at() = ToProtoTime(now + duration);
  return event;
}

}  // namespace casehub::engine
