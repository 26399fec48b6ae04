#include "services/auth/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace casehub::auth {
namespace {

const unsigned char* Bytes(absl::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

[[noreturn]] void OpenSslFailed(const char* what) {
  std::fprintf(stderr, "casehub: OpenSSL failed %s\n", what);
  std::abort();
}

}  // namespace

absl::StatusOr<std::string> RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    return absl::InternalError("the system's random generator failed");
  }
  return bytes;
}

HmacSha256::HmacSha256(absl::string_view key) {
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  if (hmac == nullptr) OpenSslFailed("fetching HMAC");
  keyed_.reset(EVP_MAC_CTX_new(hmac));
  EVP_MAC_free(hmac);  // the context holds its own reference
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_END};
  if (keyed_ == nullptr || EVP_MAC_init(keyed_.get(), Bytes(key), key.size(), params) != 1) {
    OpenSslFailed("keying HMAC-SHA256");
  }
}

std::string HmacSha256::Mac(absl::string_view data) const {
  std::unique_ptr<EVP_MAC_CTX, FreeContext> context(EVP_MAC_CTX_dup(keyed_.get()));
  std::string mac(32, '\0');
  size_t length = 0;
  if (context == nullptr || EVP_MAC_update(context.get(), Bytes(data), data.size()) != 1 ||
      EVP_MAC_final(context.get(), reinterpret_cast<unsigned char*>(mac.data()), &length,
                    mac.size()) != 1 ||
      length != mac.size()) {
    OpenSslFailed("computing HMAC-SHA256");
  }
  return mac;
}

void HmacSha256::FreeContext::operator()(EVP_MAC_CTX* context) const { EVP_MAC_CTX_free(context); }

absl::StatusOr<std::string> Pbkdf2Sha256(absl::string_view password, absl::string_view salt,
                                         uint32_t iterations) {
  std::string key(32, '\0');
  if (iterations == 0 ||
      PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), Bytes(salt),
                        static_cast<int>(salt.size()), static_cast<int>(iterations), EVP_sha256(),
                        static_cast<int>(key.size()),
                        reinterpret_cast<unsigned char*>(key.data())) != 1) {
    return absl::InternalError(absl::StrCat("PBKDF2 failed (", iterations, " iterations)"));
  }
  return key;
}

bool ConstantTimeEquals(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace casehub::auth
