#include "services/auth/national_id_hasher.h"

#include "casehub/status_macros.h"
#include "services/auth/crypto.h"
#include "services/store/keys.h"

namespace casehub::auth {

absl::StatusOr<std::unique_ptr<NationalIdHasher>> NationalIdHasher::Load(store::Store& store) {
  ASSIGN_OR_RETURN(std::optional<std::string> salt,
                   store.Get(store::Family::kMeta, store::kNationalIdSaltKey));
  if (!salt) {
    ASSIGN_OR_RETURN(salt, RandomBytes(32));
    store::WriteBatch batch = store.NewBatch();
    batch.Put(store::Family::kMeta, store::kNationalIdSaltKey, *salt);
    RETURN_IF_ERROR(store.Commit(batch));
  }
  return std::unique_ptr<NationalIdHasher>(new NationalIdHasher(*salt));
}

std::string NationalIdHasher::Hash(absl::string_view normalized) const {
  return hmac_.Mac(normalized);
}

}  // namespace casehub::auth
