#include "services/engine/verify.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/closed_alerts.h"
#include "services/engine/index_entries.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"
#include "services/store/row_cursor.h"

namespace casehub::engine {
namespace {

constexpr int kMaxProblemsListed = 100;

// Calls visit(patient_id, events) for each patient in the event log, in
// patient id order.
template <typename Visit>
absl::Status ForEachPatientLog(const store::Store& store, const store::Snapshot* snapshot,
                               Visit visit) {
  std::string current;
  std::vector<v1::Event> events;
  absl::Status status = absl::OkStatus();
  auto flush = [&] {
    if (!current.empty()) status = visit(current, events);
    events.clear();
    return status.ok();
  };
  RETURN_IF_ERROR(store.Scan(
      store::Family::kEvents, "", "",
      [&](absl::string_view key, absl::string_view value) {
        std::string patient(key.substr(0, key.size() - 9));
        if (patient != current) {
          if (!flush()) return false;
          current = patient;
        }
        v1::Event event;
        if (!event.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          status = absl::DataLossError(absl::StrCat("event of ", patient, " does not parse"));
          return false;
        }
        events.push_back(std::move(event));
        return true;
      },
      snapshot));
  RETURN_IF_ERROR(status);
  flush();
  return status;
}

class ProblemList {
 public:
  explicit ProblemList(v1::VerifyResponse& response) : response_(response) {}
  void Add(std::string problem) {
    if (response_.problems_size() < kMaxProblemsListed) {
      response_.add_problems(std::move(problem));
    } else {
      ++unlisted_;
    }
  }
  // Says how many were left out; before the response is returned (a
  // destructor would run after it had been moved out).
  void Finish() {
    if (unlisted_ > 0) response_.add_problems(absl::StrCat("... and ", unlisted_, " more"));
    unlisted_ = 0;
  }

 private:
  v1::VerifyResponse& response_;
  uint64_t unlisted_ = 0;
};

std::string Printable(absl::string_view key) { return absl::CHexEscape(key); }

// What the log derives is gathered in a scratch store and committed in
// batches of about this size.
constexpr size_t kScratchBatchBytes = 8 << 20;

// A store in a fresh directory inside the data directory (on the same disk,
// which has room for what the index holds), removed with the object. A
// crash leaves it behind: RemoveVerifyScratch.
class ScratchStore {
 public:
  static absl::StatusOr<ScratchStore> Create(const std::string& data_dir) {
    std::string path = (std::filesystem::path(data_dir) / kVerifyScratchPrefix).string() + "XXXXXX";
    if (::mkdtemp(path.data()) == nullptr) {
      return absl::InternalError(absl::StrCat("creating a scratch directory for verify in ",
                                              data_dir, ": ", std::strerror(errno)));
    }
    // Written once and read back once: no sync, small budgets.
    absl::StatusOr<std::unique_ptr<store::Store>> store =
        store::Store::Open({.path = path, .sync_writes = false,
                            .memtable_budget_bytes = 64 << 20, .block_cache_bytes = 16 << 20,
                            .write_once = true});
    if (!store.ok()) {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
      return store.status();
    }
    return ScratchStore(std::move(path), *std::move(store));
  }
  ScratchStore(ScratchStore&&) = default;
  ~ScratchStore() {
    if (store_ == nullptr) return;
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  store::Store& store() { return *store_; }

 private:
  ScratchStore(std::string path, std::unique_ptr<store::Store> store)
      : path_(std::move(path)), store_(std::move(store)) {}

  std::string path_;
  std::unique_ptr<store::Store> store_;
};

// Walks `family`'s rows in `stored` beside those in `expected`, both in key
// order, in bounded memory: both(key, stored value, expected value) for a key
// in both, only_stored(key, value) and only_expected(key, value) for the rest.
absl::Status MergeJoin(
    const store::Store& stored, const store::Snapshot* snapshot, const store::Store& expected,
    store::Family family,
    const std::function<void(absl::string_view, absl::string_view, absl::string_view)>& both,
    const std::function<void(absl::string_view, absl::string_view)>& only_stored,
    const std::function<void(absl::string_view, absl::string_view)>& only_expected) {
  store::RowCursor wanted(expected, family);
  absl::Status status = absl::OkStatus();
  RETURN_IF_ERROR(stored.Scan(
      family, "", "",
      [&](absl::string_view key, absl::string_view value) {
        for (;;) {
          absl::StatusOr<const store::RowCursor::Row*> row = wanted.Current();
          if (!row.ok()) {
            status = row.status();
            return false;
          }
          if (*row == nullptr || absl::string_view((*row)->first) > key) {
            only_stored(key, value);
            return true;
          }
          if ((*row)->first == key) {
            both(key, value, (*row)->second);
            wanted.Next();
            return true;
          }
          only_expected((*row)->first, (*row)->second);
          wanted.Next();
        }
      },
      snapshot));
  RETURN_IF_ERROR(status);
  for (;;) {
    ASSIGN_OR_RETURN(const store::RowCursor::Row* row, wanted.Current());
    if (row == nullptr) return absl::OkStatus();
    only_expected(row->first, row->second);
    wanted.Next();
  }
}

// The patient's stored state and closed alerts against the state its log
// replays to. A state stored before closed alerts left it (schema 5) holds
// them itself, and is read as it is until its next write.
absl::Status CheckStoredState(const store::Store& store, const store::Snapshot* snapshot,
                              const std::string& patient_id, const v1::PatientState& rebuilt,
                              absl::string_view stored, ProblemList& problems) {
  ASSIGN_OR_RETURN(std::string stored_closed, LoadClosedAlerts(store, patient_id, snapshot));
  if (stored_closed.empty() && stored == rebuilt.SerializeAsString()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const SplitState replayed, SplitClosedAlerts(patient_id, rebuilt, ""));
  if (stored != replayed.open) {
    problems.Add(
        absl::StrCat("patient ", patient_id, ": stored state differs from the replayed log"));
  }
  if (stored_closed != replayed.closed) {
    problems.Add(absl::StrCat("patient ", patient_id, ": stored closed alerts differ from the ",
                              replayed.closed_in_state, " of the replayed log"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::VerifyResponse> Verify(const store::Store& store, const PluginHost& plugins) {
  std::unique_ptr<store::Snapshot> snapshot = store.NewSnapshot();
  // The scratch shares the data directory's disk: it must not eat the
  // reserve the store keeps for the writes that must go on.
  RETURN_IF_ERROR(store.CheckFreeSpace());
  ASSIGN_OR_RETURN(ScratchStore expected, ScratchStore::Create(store.path()));
  v1::VerifyResponse response;
  ProblemList problems(response);

  // What the log derives, into the scratch store: each patient's state is
  // compared at once, its index entries and the counters of their items
  // are written there, to be compared below in key order.
  store::WriteBatch derived = expected.store().NewBatch();
  RETURN_IF_ERROR(ForEachPatientLog(
      store, snapshot.get(),
      [&](const std::string& patient_id, const std::vector<v1::Event>& events) -> absl::Status {
        response.set_patients_checked(response.patients_checked() + 1);
        response.set_events_checked(response.events_checked() + events.size());
        absl::StatusOr<v1::PatientState> rebuilt = Replay(events);
        if (!rebuilt.ok()) {
          problems.Add(absl::StrCat("patient ", patient_id, ": replay fails: ",
                                    rebuilt.status().message()));
          return absl::OkStatus();
        }
        ASSIGN_OR_RETURN(std::optional<std::string> stored,
                         store.Get(store::Family::kState, store::StateKey(patient_id),
                                   snapshot.get()));
        if (!stored) {
          problems.Add(absl::StrCat("patient ", patient_id, ": events but no state row"));
        } else {
          RETURN_IF_ERROR(
              CheckStoredState(store, snapshot.get(), patient_id, *rebuilt, *stored, problems));
        }
        absl::StatusOr<IndexMap> index = IndexEntries(*rebuilt, plugins);
        if (!index.ok()) {
          problems.Add(absl::StrCat("patient ", patient_id, ": index entries cannot be derived: ",
                                    index.status().message()));
          return absl::OkStatus();
        }
        for (const auto& [key, value] : *index) {
          derived.Put(store::Family::kIndex, key, value);
          for (const std::string& counter : store::IndicatorCounterKeys(key, value)) {
            derived.AddToCounter(counter, +1);
          }
        }
        if (derived.ByteSize() < kScratchBatchBytes) return absl::OkStatus();
        RETURN_IF_ERROR(store.CheckFreeSpace());
        RETURN_IF_ERROR(expected.store().Commit(derived));
        derived = expected.store().NewBatch();
        return absl::OkStatus();
      }));
  RETURN_IF_ERROR(expected.store().Commit(derived));
  RETURN_IF_ERROR(expected.store().Flush());

  RETURN_IF_ERROR(store.Scan(
      store::Family::kState, "", "",
      [&](absl::string_view key, absl::string_view) {
        const absl::string_view patient_id = store::StateKeyPatient(key);
        std::string events_prefix = store::EventPrefix(patient_id);
        bool has_events = false;
        store.Scan(store::Family::kEvents, events_prefix, "",
                   [&](absl::string_view, absl::string_view) {
                     has_events = true;
                     return false;
                   },
                   snapshot.get())
            .IgnoreError();
        if (!has_events) {
          problems.Add(absl::StrCat("patient ", patient_id, ": state row without events"));
        }
        return true;
      },
      snapshot.get()));

  // The indicator counters must count the items the index holds.
  auto count_of = [](absl::string_view value) {
    std::optional<int64_t> count = store::DecodeCount(value);
    return count ? absl::StrCat(*count) : std::string("unreadable");
  };
  RETURN_IF_ERROR(MergeJoin(
      store, snapshot.get(), expected.store(), store::Family::kCounters,
      [&](absl::string_view key, absl::string_view stored, absl::string_view want) {
        if (store::DecodeCount(stored) != store::DecodeCount(want)) {
          problems.Add(absl::StrCat("counter ", Printable(key), " is ", count_of(stored), ", not ",
                                    count_of(want)));
        }
      },
      [&](absl::string_view key, absl::string_view stored) {
        // A counter whose items are all gone may stay at zero.
        if (store::DecodeCount(stored) != 0) {
          problems.Add(absl::StrCat("counter ", Printable(key), " is ", count_of(stored),
                                    ", not 0"));
        }
      },
      [&](absl::string_view key, absl::string_view want) {
        problems.Add(absl::StrCat("counter ", Printable(key), " is missing (", count_of(want),
                                  " items)"));
      }));

  RETURN_IF_ERROR(MergeJoin(
      store, snapshot.get(), expected.store(), store::Family::kIndex,
      [&](absl::string_view key, absl::string_view stored, absl::string_view want) {
        response.set_index_entries_checked(response.index_entries_checked() + 1);
        if (stored != want) {
          problems.Add(absl::StrCat("index entry ", Printable(key), " has a stale value"));
        }
      },
      [&](absl::string_view key, absl::string_view) {
        response.set_index_entries_checked(response.index_entries_checked() + 1);
        problems.Add(absl::StrCat("index entry ", Printable(key), " is not derived from any state"));
      },
      [&](absl::string_view key, absl::string_view) {
        problems.Add(absl::StrCat("index entry ", Printable(key), " is missing"));
      }));
  problems.Finish();
  return response;
}

absl::Status RemoveVerifyScratch(const std::string& data_dir) {
  std::error_code error;
  for (std::filesystem::directory_iterator entry(data_dir, error), end; !error && entry != end;
       entry.increment(error)) {
    if (!absl::StartsWith(entry->path().filename().string(), kVerifyScratchPrefix)) continue;
    std::filesystem::remove_all(entry->path(), error);
  }
  if (!error) return absl::OkStatus();
  return absl::InternalError(absl::StrCat("removing verify's scratch directories from ", data_dir,
                                          ": ", error.message()));
}

absl::Status Rebuild(store::Store& store, const PluginHost& plugins) {
  // Clear derived rows first, in bounded batches as they are scanned (a
  // scan reads the rows as they were when it began).
  constexpr int kDeletesPerBatch = 1000;
  for (store::Family family :
       {store::Family::kIndex, store::Family::kState, store::Family::kCounters}) {
    store::WriteBatch batch = store.NewBatch();
    absl::Status committed = absl::OkStatus();
    RETURN_IF_ERROR(store.Scan(family, "", "", [&](absl::string_view key, absl::string_view) {
      batch.Delete(family, key);
      if (batch.Count() < kDeletesPerBatch) return true;
      committed = store.Commit(batch);
      batch = store.NewBatch();
      return committed.ok();
    }));
    RETURN_IF_ERROR(committed);
    RETURN_IF_ERROR(store.Commit(batch));
  }
  return ForEachPatientLog(
      store, nullptr,
      [&](const std::string& patient_id, const std::vector<v1::Event>& events) -> absl::Status {
        ASSIGN_OR_RETURN(v1::PatientState state, Replay(events));
        store::WriteBatch batch = store.NewBatch();
        // The whole state's entries, its closed alerts' among them.
        ASSIGN_OR_RETURN(const IndexMap index, IndexEntries(state, plugins));
        ASSIGN_OR_RETURN(const SplitState split,
                         SplitClosedAlerts(patient_id, std::move(state), ""));
        if (!split.closed.empty()) {
          batch.Put(store::Family::kState, store::ClosedAlertsKey(patient_id), split.closed);
        }
        batch.Put(store::Family::kState, store::StateKey(patient_id), split.open);
        for (const auto& [key, value] : index) {
          batch.Put(store::Family::kIndex, key, value);
          for (const std::string& counter : store::IndicatorCounterKeys(key, value)) {
            batch.AddToCounter(counter, +1);
          }
        }
        return store.Commit(batch);
      });
}

}  // namespace casehub::engine
