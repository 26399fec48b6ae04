// NationalIdHasher: turns a resident identity card number into what the
// master patient index stores, HMAC-SHA256 under the network's salt (32
// random bytes made once and kept in the store, so backups carry it). The
// same number gives the same hash at every site of the hub; the number
// itself is never stored. Thread-safe after Load.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/crypto.h"
#include "services/store/store.h"

namespace casehub::auth {

class NationalIdHasher {
 public:
  // Reads the salt, making it first when the store has none.
  static absl::StatusOr<std::unique_ptr<NationalIdHasher>> Load(store::Store& store);

  // `normalized` as engine::NormalizeNationalId returns it.
  std::string Hash(absl::string_view normalized) const;

 private:
  explicit NationalIdHasher(absl::string_view salt) : hmac_(salt) {}
  const HmacSha256 hmac_;
};

}  // namespace casehub::auth
