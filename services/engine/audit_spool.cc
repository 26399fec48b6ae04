#include "services/engine/audit_spool.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include "absl/strings/str_cat.h"
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
    coded.WriteString(spooled.record.SerializeAsString());
  }
  StringOutputStream stream(&out);
  CodedOutputStream coded(&stream);
  coded.WriteLittleEndian32(static_cast<uint32_t>(payload.size()));
  coded.WriteLittleEndian64(Fnv1a64(payload));
  coded.WriteString(payload);
}

// The records of `bytes`, up to the first frame cut short or damaged.
std::vector<SpooledRecord> ReadFrames(const std::string& bytes, const std::filesystem::path& path) {
  std::vector<SpooledRecord> records;
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  while (in.CurrentPosition() < static_cast<int>(bytes.size())) {
    const int start = in.CurrentPosition();
    uint32_t size = 0;
    uint64_t hash = 0;
    std::string payload;
    SpooledRecord spooled;
    bool whole = in.ReadLittleEndian32(&size) && in.ReadLittleEndian64(&hash) &&
                 in.ReadString(&payload, static_cast<int>(size)) && Fnv1a64(payload) == hash;
    if (whole) {
      CodedInputStream fields(reinterpret_cast<const uint8_t*>(payload.data()),
                              static_cast<int>(payload.size()));
      whole = fields.ReadVarint64(&spooled.seq) &&
              spooled.record.ParseFromCodedStream(&fields);
    }
    if (!whole) {
      LogWarning("audit spool %s: %d bytes at offset %d are not a whole record; dropped",
                 path.string(), static_cast<int>(bytes.size()) - start, start);
      break;
    }
    records.push_back(std::move(spooled));
  }
  return records;
}

absl::StatusOr<std::string> ReadAll(int fd, const std::filesystem::path& path) {
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

}  // namespace

absl::StatusOr<std::unique_ptr<AuditSpool>> AuditSpool::Open(const std::filesystem::path& dir,
                                                             std::vector<SpooledRecord>* left) {
  int fds[2] = {-1, -1};
  size_t sizes[2] = {0, 0};
  for (int file = 0; file < 2; ++file) {
    const std::filesystem::path path = dir / kFileNames[file];
    fds[file] = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    absl::StatusOr<std::string> bytes =
        fds[file] < 0 ? ErrnoError("opening", path) : ReadAll(fds[file], path);
    if (!bytes.ok()) {
      for (int fd : fds) {
        if (fd >= 0) ::close(fd);
      }
      return bytes.status();
    }
    sizes[file] = bytes->size();
    for (SpooledRecord& record : ReadFrames(*bytes, path)) left->push_back(std::move(record));
  }
  auto spool = std::unique_ptr<AuditSpool>(new AuditSpool(dir, fds[0], fds[1]));
  spool->sizes_[0] = sizes[0];
  spool->sizes_[1] = sizes[1];
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
    const ssize_t wrote = ::write(fd, frames.data() + written, frames.size() - written);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) {
      absl::Status failed = ErrnoError("appending to", dir_ / kFileNames[current_]);
      // A frame cut short would hide every one appended after it.
      if (::ftruncate(fd, static_cast<off_t>(sizes_[current_])) != 0) {
        LogError("audit spool %s: could not take back a partial append: %s",
                 (dir_ / kFileNames[current_]).string(), std::strerror(errno));
      }
      return failed;
    }
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
