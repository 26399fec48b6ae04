// The first principals of a new network: `casehub --add-principal` creates
// one directly in the data directory (the hub must not be running), so a
// network administrator exists before anyone can log in to create the rest.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "casehub/v1/config.pb.h"
#include "casehub/v1/principal.pb.h"

namespace casehub::hub {

struct NewPrincipal {
  std::string id;
  std::string display_name;
  std::string site_id;
  // Role words, e.g. "network_admin,case_manager".
  std::string roles;
  std::string certificate_subject;
  std::string password;
};

// Opens the hub's store as the hub would (sites and agreements from the
// configuration, migration), creates the principal and closes the store.
absl::StatusOr<v1::Principal> AddPrincipal(const v1::HubConfig& config,
                                           const NewPrincipal& principal);

}  // namespace casehub::hub
