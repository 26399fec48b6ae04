#include "tools/bench/identity.h"

#include "absl/time/clock.h"

namespace casehub::bench {

void PrepareCall(grpc::ClientContext& context, const CallerIdentity& identity,
                 absl::Duration timeout) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  context.AddMetadata("x-casehub-principal", identity.principal);
  context.AddMetadata("x-casehub-site", identity.site);
  context.AddMetadata("x-casehub-role", identity.role);
}

}  // namespace casehub::bench
