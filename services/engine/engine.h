// Engine: the write path of casehub. One command goes
//   validate (core rules, then plugins) -> primary events -> apply ->
//   plugin reactions (derived events, applied in turn) -> ONE atomic batch
// holding the events, the new PatientState, the index changes and the
// request's outcome, synced to the WAL before Execute returns.
//
// Commands for one patient are serialized; different patients run in
// parallel (and share WAL syncs). A command whose request_id was seen before
// returns the first outcome and writes nothing. ExecuteBatch runs several
// commands the same way and writes those that succeed in one batch, so a
// laboratory's batch of results costs one WAL sync, and a patient's new
// state and index entries are made once for all of its commands in the
// batch. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/random/random.h"
#include "absl/types/span.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "casehub/v1/command.pb.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"
#include "services/common/clock.h"
#include "services/engine/alert_feed.h"
#include "services/engine/index_cache.h"
#include "services/engine/lock_table.h"
#include "services/engine/plugin_host.h"
#include "services/engine/site_directory.h"
#include "services/engine/state_for_plugins.h"
#include "services/store/store.h"

namespace casehub::engine {

// Decides whether the command's caller may act on the patient (the service
// edge's authorization); called with the patient's state under the
// patient's lock, before anything is decided. Not called for a registration.
using PatientGate = std::function<absl::Status(const v1::PatientState&)>;

// Adds to `batch` what must be written atomically with the commands (the
// service edge's audit records of the call), given each command's result
// as staged. Called once, just before the commit, and only when there is
// something to commit; nothing it adds is written if the commit fails.
using WithCommit = std::function<void(
    absl::Span<const absl::StatusOr<v1::CommandOutcome>> results, store::WriteBatch& batch)>;

// Which of a patient's events to load: those after `after_seq`, at most
// `limit` of them (0: no limit).
struct EventRange {
  uint64_t after_seq = 0;
  size_t limit = 0;
};

class Engine {
 public:
  // Borrows everything; all must outlive the engine.
  // Emergency access lasts `emergency_access` (the configuration's
  // emergency_access_minutes).
  Engine(store::Store* store, const PluginHost* plugins, const SiteDirectory* sites,
         AlertFeed* alert_feed, const Clock* clock,
         absl::Duration emergency_access = absl::Hours(4));

  // Runs one command. The actor must be set by the caller (the service edge).
  // Errors: INVALID_ARGUMENT (a field breaks a rule), NOT_FOUND (an unknown
  // id), FAILED_PRECONDITION (a rule of the current state), ABORTED (stale
  // expected_version), ALREADY_EXISTS, or the gate's refusal; nothing is
  // written on any error. A retry answered from the stored outcome passes
  // the gate too, so a request id reveals nothing to a caller who could not
  // have made the request.
  absl::StatusOr<v1::CommandOutcome> Execute(const v1::Command& command,
                                             const PatientGate& gate = {},
                                             const WithCommit& with_commit = {});

  // What ExecuteBatch did.
  struct BatchOutcome {
    // OK, or the commit's own error: then nothing of the batch was written,
    // and each command that would have been has this error as its result.
    absl::Status commit;
    // One per command, in order.
    std::vector<absl::StatusOr<v1::CommandOutcome>> results;
  };

  // Runs `commands`, each decided and checked as Execute would, a patient's
  // in the order given (a later command sees its patient as the earlier ones
  // left it), and writes those that succeed in ONE atomic batch, synced
  // before this returns. A command that fails leaves no trace and does not
  // stop the others, except that when the index entries of the state a
  // patient's commands leave cannot be made (a plugin's indicator items
  // break the rules), all of that patient's commands fail with that error. A request id given again in the same batch is a retry of its
  // first use (same result) when the request is the same, INVALID_ARGUMENT
  // when it is not.
  BatchOutcome ExecuteBatch(absl::Span<const v1::Command> commands,
                            const PatientGate& gate = {}, const WithCommit& with_commit = {});

  // The patient's current state, whole: its closed alerts follow the open
  // ones (closed_alerts.h). NOT_FOUND when there is no such patient.
  absl::StatusOr<v1::PatientState> LoadState(absl::string_view patient_id,
                                             const store::Snapshot* snapshot = nullptr) const;
  // The same state in its wire form, as stored, unparsed.
  absl::StatusOr<std::string> LoadStoredState(absl::string_view patient_id,
                                              const store::Snapshot* snapshot = nullptr) const;
  // The patient's events, oldest first.
  absl::StatusOr<std::vector<v1::Event>> LoadEvents(absl::string_view patient_id,
                                                    const store::Snapshot* snapshot = nullptr,
                                                    EventRange range = {}) const;
  // The same events as stored, each the wire form of a v1::Event, unparsed.
  absl::Status VisitEventBytes(absl::string_view patient_id, const store::Snapshot* snapshot,
                               EventRange range,
                               const std::function<void(absl::string_view)>& visit) const;

  const Clock& clock() const { return *clock_; }

 private:
  // A command checked and targeted, before any lock is taken.
  struct Planned {
    const v1::Command* command;
    const v1::RequestMeta* meta;
    // Chosen under the request lock for a registration.
    std::string patient_id;
    bool registering;
    uint64_t fingerprint;
  };
  // The writes of the commands staged so far in one batch.
  struct PendingWrite;
  // One patient as the commands staged so far leave it.
  struct StagedPatient;

  static absl::StatusOr<Planned> Plan(const v1::Command& command);
  // The state as a write reads it: what is open, without the closed alerts.
  absl::StatusOr<v1::PatientState> LoadOpenState(absl::string_view patient_id) const;
  absl::StatusOr<std::string> LoadStoredOpenState(absl::string_view patient_id,
                                                  const store::Snapshot* snapshot) const;
  // Stages the commands `group` (indexes into `plans`, all on one patient,
  // in order), then writes the patient's new state and index changes once
  // for all of them, setting each one's result. When the index entries of
  // the state they leave cannot be made (a plugin's bug), every command of
  // the group fails with that error and leaves no trace.
  void StagePatient(absl::Span<const size_t> group, absl::Span<const std::optional<Planned>> plans,
                    const PatientGate& gate, PendingWrite& pending,
                    std::vector<absl::StatusOr<v1::CommandOutcome>>& results);
  // How a command starts from the state the patient's earlier commands in
  // the batch left: that state itself, or a copy of it.
  enum class StagedState { kTaken, kCopied };
  // Adds the command's events and outcome to `pending` and moves `patient`
  // on when it succeeds (loading it first when unset). When it fails,
  // `pending` is as it was; `patient` holds the state as it was when the
  // command was refused before changing it, or when it was copied, and is
  // reset when the command took it and failed after applying its events.
  // The command's request and patient locks are held.
  absl::StatusOr<v1::CommandOutcome> Stage(const Planned& plan, const PatientGate& gate,
                                           StagedState from, std::optional<StagedPatient>& patient,
                                           PendingWrite& pending);
  // Everything before a command changes the state: the gate, the expected
  // version, the rules, the plugins' verdicts, and the state's index
  // entries when `start` does not know them. Returns the primary events.
  // Changes `start` only by adding a closed alert the command steps on.
  absl::StatusOr<std::vector<v1::Event>> CheckAndDecide(const Planned& plan,
                                                        const PatientGate& gate,
                                                        StagedPatient& start) const;
  // Adds the patient's state and the changes to its index entries.
  absl::Status WriteStateAndIndex(const std::string& patient_id, const StagedPatient& patient,
                                  PendingWrite& pending) const;
  // Under the command's request lock: a retry's stored outcome (once the
  // gate passes on the patient as it is now), or nullopt for a new command
  // that may go ahead (the disk's free space checked once per batch, in
  // `free_space`; a registration's patient id chosen).
  absl::StatusOr<std::optional<v1::CommandOutcome>> AnswerOrClaim(
      Planned& plan, const PatientGate& gate, std::optional<absl::Status>& free_space);
  absl::StatusOr<std::optional<v1::CommandOutcome>> FindOutcome(
      const std::string& request_id, uint64_t fingerprint) const;
  absl::StatusOr<std::string> ChooseNewPatientId();
  absl::Status ValidateWithPlugins(const v1::Command& command,
                                   const StateForPlugins& state,
                                   const std::vector<v1::Event>& primary, absl::Time now) const;
  // Applies the primary events and every reaction to them; returns all
  // events, stamped with their envelope, in seq order.
  absl::StatusOr<std::vector<v1::Event>> ApplyAndReact(const v1::Command& command,
                                                       std::vector<v1::Event> primary,
                                                       v1::PatientState& state) const;

  store::Store* store_;
  const PluginHost* plugins_;
  const SiteDirectory* sites_;
  AlertFeed* alert_feed_;
  const Clock* clock_;
  const absl::Duration emergency_access_;
  // A populated patient has about 35 entries of 100 bytes (8 KiB with the
  // map's own): about 8 MiB in all.
  static constexpr size_t kIndexCachePatients = 1024;
  IndexCache index_cache_{kIndexCachePatients};
  LockTable request_locks_;
  LockTable patient_locks_;
  absl::Mutex random_mu_;
  absl::BitGen random_ ABSL_GUARDED_BY(random_mu_);
};

}  // namespace casehub::engine
