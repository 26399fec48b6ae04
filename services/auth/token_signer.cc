#include "services/auth/token_signer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "casehub/status_macros.h"
#include "services/auth/crypto.h"

namespace casehub::auth {
namespace {

constexpr absl::string_view kPrefix = "chv1";
constexpr size_t kMinKeyBytes = 32;

absl::Status WriteNewKey(const std::string& path) {
  ASSIGN_OR_RETURN(std::string key, RandomBytes(kMinKeyBytes));
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("token_key_file ", path, ": cannot create: ", std::strerror(errno)));
  }
  bool written = write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
                 fsync(fd) == 0;
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return absl::FailedPreconditionError(absl::StrCat("token_key_file ", path, ": cannot write"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<TokenSigner>> TokenSigner::FromKeyFile(const std::string& path,
                                                                      bool create) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    if (errno != ENOENT || !create) {
      return absl::FailedPreconditionError(
          absl::StrCat("token_key_file ", path, ": ", std::strerror(errno)));
    }
    RETURN_IF_ERROR(WriteNewKey(path));
    if (stat(path.c_str(), &info) != 0) {
      return absl::FailedPreconditionError(absl::StrCat("token_key_file ", path, ": vanished"));
    }
  }
  // Anyone who can read the key can mint tokens for any principal.
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "token_key_file ", path, ": readable by others (mode ", absl::StrCat(absl::Hex(info.st_mode & 0777)),
        "); run chmod 600 on it"));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  if (!in) {
    return absl::FailedPreconditionError(absl::StrCat("token_key_file ", path, ": cannot read"));
  }
  std::string key = contents.str();
  if (key.size() < kMinKeyBytes) {
    return absl::FailedPreconditionError(absl::StrCat("token_key_file ", path, ": holds ",
                                                      key.size(), " bytes; at least ",
                                                      kMinKeyBytes, " random bytes are needed"));
  }
  return std::make_unique<TokenSigner>(key);
}

std::string TokenSigner::Sign(const v1::TokenClaims& claims) const {
  std::string signed_part =
      absl::StrCat(kPrefix, ".", absl::WebSafeBase64Escape(claims.SerializeAsString()));
  return absl::StrCat(signed_part, ".", absl::WebSafeBase64Escape(hmac_.Mac(signed_part)));
}

absl::StatusOr<v1::TokenClaims> TokenSigner::Verify(absl::string_view token) const {
  std::vector<absl::string_view> parts = absl::StrSplit(token, '.');
  if (parts.size() != 3 || parts[0] != kPrefix) {
    return absl::UnauthenticatedError("the bearer token is not a casehub token");
  }
  const absl::string_view signed_part = token.substr(0, parts[0].size() + 1 + parts[1].size());
  std::string signature;
  if (!absl::WebSafeBase64Unescape(parts[2], &signature) ||
      !ConstantTimeEquals(signature, hmac_.Mac(signed_part))) {
    return absl::UnauthenticatedError("the bearer token's signature does not verify");
  }
  std::string claims_bytes;
  v1::TokenClaims claims;
  if (!absl::WebSafeBase64Unescape(parts[1], &claims_bytes) ||
      !claims.ParseFromString(claims_bytes) || claims.token_id().empty() ||
      claims.principal_id().empty()) {
    return absl::UnauthenticatedError("the bearer token's claims do not parse");
  }
  return claims;
}

}  // namespace casehub::auth
