#include "services/engine/audit_spool.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "services/common/fnv1a.h"
#include "services/common/log.h"

namespace casehub::engine {
namespace {

using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;

// A full disk is RESOURCE_EXHAUSTED, as the store says it.
absl::Status ErrnoError(absl::string_view what, const std::filesystem::path& path) {
  const int error = errno;
  std::string message = absl::StrCat(what, " audit spool ", path.string(), ": ", std::strerror(error));
  return error == ENOSPC || error == EDQUOT || error == EFBIG
             ? absl::ResourceExhaustedError(std::move(message))
             : absl::InternalError(std::move(message));
}

// A frame: the payload's size (fixed32), its FNV-1a (fixed64), the payload:
// the record's sequence number (varint) and the serialized record.
void AppendFrame(const SpooledRecord& spooled, std::string& out) {
  std::string payload;
  {
    StringOutputStream stream(&payload);
    CodedOutputStream coded(&stream);
    coded.WriteVarint64(spooled.seq);
  }
  spooled.record.AppendToString(&payload);
  StringOutputStream stream(&out);
  CodedOutputStream coded(&stream);
  coded.WriteLittleEndian32(static_cast<uint32_t>(payload.size()));
  coded.WriteLittleEndian64(Fnv1a64(payload));
  coded.WriteString(payload);
}

// The records of `bytes`, up to the first frame cut short or damaged;
// `whole` is set to the bytes their frames take.
std::vector<SpooledRecord> ReadFrames(const std::string& bytes, size_t* whole) {
  std::vector<SpooledRecord> records;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  *whole = 0;
  while (*whole < bytes.size()) {
    uint32_t size = 0;
    uint64_t hash = 0;
    std::string payload;
    SpooledRecord spooled;
    bool read = in.ReadLittleEndian32(&size) && in.ReadLittleEndian64(&hash) &&
                size <= bytes.size() - *whole &&
                in.ReadString(&payload, static_cast<int>(size)) && Fnv1a64(payload) == hash;
    if (read) {
      CodedInputStream fields(reinterpret_cast<const uint8_t*>(payload.data()),
                              static_cast<int>(payload.size()));
      read = fields.ReadVarint64(&spooled.seq) && spooled.record.ParseFromCodedStream(&fields);
    }
    if (!read) break;
    records.push_back(std::move(spooled));
    *whole = static_cast<size_t>(in.CurrentPosition());
  }
  return records;
}

absl::StatusOr<std::string> ReadAll(int fd, const std::filesystem::path& path) {
  struct stat status;
  if (::fstat(fd, &status) != 0) return ErrnoError("reading the size of", path);
  if (static_cast<uint64_t>(status.st_size) > AuditSpool::kMaxFileBytes) {
    return absl::DataLossError(absl::StrCat("audit spool ", path.string(), " holds ",
                                            status.st_size, " bytes, more than casehub ever "
                                            "spools; move it aside and start again"));
  }
  std::string bytes;
  char buffer[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return ErrnoError("reading", path);
    if (got == 0) return bytes;
    bytes.append(buffer, static_cast<size_t>(got));
  }
}

// What a spool file holds, with a copy of the file kept aside when part of
// it is not whole records; `whole` is set to the bytes of its whole ones.
absl::StatusOr<std::vector<SpooledRecord>> ReadSpoolFile(int fd, const std::filesystem::path& path,
                                                         size_t* whole) {
  ASSIGN_OR_RETURN(const std::string bytes, ReadAll(fd, path));
  std::vector<SpooledRecord> records = ReadFrames(bytes, whole);
  if (*whole == bytes.size()) return records;
  std::filesystem::path aside = path;
  aside += absl::StrCat(AuditSpool::kDamagedSuffix, ".", absl::ToUnixMicros(absl::Now()));
  std::error_code error;
  std::filesystem::copy_file(path, aside, error);
  LogWarning("audit spool %s: %d bytes after offset %d are not whole records and are dropped "
             "(the file is kept as %s%s)",
             path.string(), static_cast<int>(bytes.size() - *whole), static_cast<int>(*whole),
             aside.string(), error ? absl::StrCat(": not copied, ", error.message()) : "");
  return records;
}

}  // namespace

absl::StatusOr<std::unique_ptr<AuditSpool>> AuditSpool::Open(const std::filesystem::path& dir,
                                                             std::vector<SpooledRecord>* left) {
  int fds[2] = {-1, -1};
  size_t whole[2] = {0, 0};
  for (int file = 0; file < 2; ++file) {
    const std::filesystem::path path = dir / kFileNames[file];
    fds[file] = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    absl::StatusOr<std::vector<SpooledRecord>> records =
        fds[file] < 0 ? ErrnoError("opening", path) : ReadSpoolFile(fds[file], path, &whole[file]);
    if (!records.ok()) {
      for (int fd : fds) {
        if (fd >= 0) ::close(fd);
      }
      return records.status();
    }
    for (SpooledRecord& record : *records) left->push_back(std::move(record));
  }
  auto spool = std::unique_ptr<AuditSpool>(new AuditSpool(dir, fds[0], fds[1]));
  // Appends go after the last whole frame, over whatever follows it.
  spool->sizes_[0] = whole[0];
  spool->sizes_[1] = whole[1];
  return spool;
}

AuditSpool::~AuditSpool() {
  for (int fd : fds_) ::close(fd);
}

absl::Status AuditSpool::Append(absl::Span<const SpooledRecord> records) {
  std::string frames;
  for (const SpooledRecord& record : records) AppendFrame(record, frames);
  const int fd = fds_[current_];
  size_t written = 0;
  while (written < frames.size()) {
    const ssize_t wrote = ::pwrite(fd, frames.data() + written, frames.size() - written,
                                   static_cast<off_t>(sizes_[current_] + written));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) return ErrnoError("appending to", dir_ / kFileNames[current_]);
    written += static_cast<size_t>(wrote);
  }
  sizes_[current_] += written;
  return absl::OkStatus();
}

int AuditSpool::Switch() {
  const int previous = current_;
  current_ = 1 - current_;
  return previous;
}

absl::Status AuditSpool::Clear(int file) {
  if (::ftruncate(fds_[file], 0) != 0) return ErrnoError("emptying", dir_ / kFileNames[file]);
  sizes_[file] = 0;
  return absl::OkStatus();
}

}  // namespace casehub::engine
