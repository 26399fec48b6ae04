#include "services/store/insert_hints.h"

#include <cstring>
#include <string>

#include "services/store/keys.h"

namespace casehub::store {
namespace {

// How a family's keys are cut to their prefix.
enum class Cut {
  kWholeKey,
  // Through the first 0x00 (keys.h joins components with it; ids hold none).
  kThroughSeparator,
  // The audit family: its time order's tag alone, the other orders' tag and
  // id through the 0x00 after it.
  kAuditOrder,
};

class HintPrefixes final : public rocksdb::SliceTransform {
 public:
  HintPrefixes(const char* name, Cut cut) : name_(name), cut_(cut) {}

  const char* Name() const override { return name_; }

  bool InDomain(const rocksdb::Slice& key) const override { return PrefixSize(key) > 0; }

  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return {key.data(), PrefixSize(key)};
  }

 private:
  // 0 when the key has no prefix of this cut.
  size_t PrefixSize(const rocksdb::Slice& key) const {
    if (key.empty()) return 0;
    switch (cut_) {
      case Cut::kWholeKey:
        return key.size();
      case Cut::kThroughSeparator:
        return ThroughSeparator(key, 0);
      case Cut::kAuditOrder:
        if (key.starts_with({kAuditByTimePrefix.data(), kAuditByTimePrefix.size()})) {
          return kAuditByTimePrefix.size();
        }
        return ThroughSeparator(key, 1);
    }
    return 0;
  }

  static size_t ThroughSeparator(const rocksdb::Slice& key, size_t from) {
    if (from >= key.size()) return 0;
    const void* separator = std::memchr(key.data() + from, '\0', key.size() - from);
    return separator == nullptr ? 0 : static_cast<const char*>(separator) - key.data() + 1;
  }

  const char* name_;
  Cut cut_;
};

}  // namespace

std::shared_ptr<const rocksdb::SliceTransform> InsertHintPrefixes(Family family) {
  switch (family) {
    case Family::kEvents:
      return std::make_shared<HintPrefixes>("casehub.events.patient", Cut::kThroughSeparator);
    case Family::kState:
      return std::make_shared<HintPrefixes>("casehub.state.key", Cut::kWholeKey);
    case Family::kCounters:
      return std::make_shared<HintPrefixes>("casehub.counters.key", Cut::kWholeKey);
    case Family::kAudit:
      return std::make_shared<HintPrefixes>("casehub.audit.order", Cut::kAuditOrder);
    case Family::kAlertFeed:
      return std::make_shared<HintPrefixes>("casehub.alert_feed.site", Cut::kThroughSeparator);
    case Family::kIndex:
    case Family::kMeta:
    case Family::kRequests:
      return nullptr;
  }
  return nullptr;
}

}  // namespace casehub::store
