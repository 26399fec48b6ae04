#include "services/engine/verify.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/index_entries.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"
#include "services/store/write_in_batches.h"

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
  ~ProblemList() {
    if (unlisted_ > 0) response_.add_problems(absl::StrCat("... and ", unlisted_, " more"));
  }

 private:
  v1::VerifyResponse& response_;
  uint64_t unlisted_ = 0;
};

std::string Printable(absl::string_view key) { return absl::CHexEscape(key); }

}  // namespace

absl::StatusOr<v1::VerifyResponse> Verify(const store::Store& store, const PluginHost& plugins) {
  std::unique_ptr<store::Snapshot> snapshot = store.NewSnapshot();
  v1::VerifyResponse response;
  ProblemList problems(response);
  IndexMap expected_index;

  RETURN_IF_ERROR(ForEachPatientLog(
      store, snapshot.get(),
      [&](const std::string& patient_id, const std::vector<v1::Event>& events) {
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
        } else if (*stored != rebuilt->SerializeAsString()) {
          problems.Add(absl::StrCat("patient ", patient_id,
                                    ": stored state differs from the replayed log"));
        }
        absl::StatusOr<IndexMap> index = IndexEntries(*rebuilt, plugins);
        if (!index.ok()) {
          problems.Add(absl::StrCat("patient ", patient_id, ": index entries cannot be derived: ",
                                    index.status().message()));
          return absl::OkStatus();
        }
        expected_index.merge(*index);
        return absl::OkStatus();
      }));

  RETURN_IF_ERROR(store.Scan(
      store::Family::kState, "", "",
      [&](absl::string_view key, absl::string_view) {
        std::string events_prefix = store::EventPrefix(key);
        bool has_events = false;
        store.Scan(store::Family::kEvents, events_prefix, "",
                   [&](absl::string_view, absl::string_view) {
                     has_events = true;
                     return false;
                   },
                   snapshot.get())
            .IgnoreError();
        if (!has_events) problems.Add(absl::StrCat("patient ", key, ": state row without events"));
        return true;
      },
      snapshot.get()));

  // The indicator counters must count the items the index holds.
  std::map<std::string, int64_t> expected_counters;
  for (const auto& [key, value] : expected_index) {
    for (const std::string& counter : store::IndicatorCounterKeys(key, value)) {
      ++expected_counters[counter];
    }
  }
  RETURN_IF_ERROR(store.Scan(
      store::Family::kCounters, "", "",
      [&](absl::string_view key, absl::string_view value) {
        std::optional<int64_t> count = store::DecodeCount(value);
        auto expected = expected_counters.find(std::string(key));
        const int64_t want = expected == expected_counters.end() ? 0 : expected->second;
        if (!count || *count != want) {
          problems.Add(absl::StrCat("counter ", Printable(key), " is ",
                                    count ? absl::StrCat(*count) : "unreadable", ", not ", want));
        }
        if (expected != expected_counters.end()) expected_counters.erase(expected);
        return true;
      },
      snapshot.get()));
  for (const auto& [key, count] : expected_counters) {
    problems.Add(absl::StrCat("counter ", Printable(key), " is missing (", count, " items)"));
  }

  RETURN_IF_ERROR(store.Scan(
      store::Family::kIndex, "", "",
      [&](absl::string_view key, absl::string_view value) {
        response.set_index_entries_checked(response.index_entries_checked() + 1);
        auto expected = expected_index.find(std::string(key));
        if (expected == expected_index.end()) {
          problems.Add(absl::StrCat("index entry ", Printable(key), " is not derived from any state"));
          return true;
        }
        if (expected->second != value) {
          problems.Add(absl::StrCat("index entry ", Printable(key), " has a stale value"));
        }
        expected_index.erase(expected);
        return true;
      },
      snapshot.get()));
  for (const auto& [key, value] : expected_index) {
    problems.Add(absl::StrCat("index entry ", Printable(key), " is missing"));
  }
  return response;
}

absl::Status Rebuild(store::Store& store, const PluginHost& plugins) {
  // Clear derived rows first, in bounded batches.
  for (store::Family family :
       {store::Family::kIndex, store::Family::kState, store::Family::kCounters}) {
    std::vector<std::string> keys;
    RETURN_IF_ERROR(store.Scan(family, "", "", [&](absl::string_view key, absl::string_view) {
      keys.emplace_back(key);
      return true;
    }));
    RETURN_IF_ERROR(store::WriteInBatches(
        store, keys.size(),
        [&](store::WriteBatch& batch, size_t i) { batch.Delete(family, keys[i]); }));
  }
  return ForEachPatientLog(
      store, nullptr,
      [&](const std::string& patient_id, const std::vector<v1::Event>& events) -> absl::Status {
        ASSIGN_OR_RETURN(v1::PatientState state, Replay(events));
        store::WriteBatch batch = store.NewBatch();
        batch.Put(store::Family::kState, store::StateKey(patient_id), state.SerializeAsString());
        ASSIGN_OR_RETURN(const IndexMap index, IndexEntries(state, plugins));
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
