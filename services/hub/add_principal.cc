#include "services/hub/add_principal.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "casehub/status_macros.h"
#include "services/common/clock.h"
#include "services/hub/hub.h"

namespace casehub::hub {

absl::StatusOr<v1::Principal> AddPrincipal(const v1::HubConfig& config,
                                           const NewPrincipal& principal) {
  v1::Principal wanted;
  wanted.set_id(principal.id);
  wanted.set_display_name(principal.display_name.empty() ? principal.id
                                                         : principal.display_name);
  wanted.set_site_id(principal.site_id);
  wanted.set_certificate_subject(principal.certificate_subject);
  for (absl::string_view word : absl::StrSplit(principal.roles, ',', absl::SkipEmpty())) {
    v1::Role role;
    if (!v1::Role_Parse(absl::StrCat("ROLE_", absl::AsciiStrToUpper(word)), &role) ||
        role == v1::ROLE_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("--roles: '", word, "' is not a role"));
    }
    wanted.add_roles(role);
  }
  // The hub itself, on a loopback port nobody is told about and without the
  // scheduler: the same start-up path, so the directory ends up as the hub
  // would leave it.
  v1::HubConfig offline = config;
  offline.set_listen("127.0.0.1:0");
  offline.clear_tls();
  SystemClock clock;
  ASSIGN_OR_RETURN(std::unique_ptr<Hub> hub, Hub::Start(offline, &clock, /*run_scheduler=*/false));
  absl::StatusOr<v1::Principal> created =
      hub->principals().Create(wanted, principal.password, "casehub --add-principal");
  hub->Shutdown();
  return created;
}

}  // namespace casehub::hub
