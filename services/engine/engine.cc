#include "services/engine/engine.h"

#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/closed_alerts.h"
#include "services/engine/command_target.h"
#include "services/engine/decide.h"
#include "services/engine/derived_events.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"
#include "services/engine/index_entries.h"
#include "services/engine/plugin_routing.h"
#include "services/store/keys.h"

namespace casehub::engine {
namespace {

// A bound on reactions to reactions, so a misbehaving plugin cannot loop.
constexpr size_t kMaxEventsPerCommand = 64;

template <typename Message>
absl::StatusOr<Message> Parse(absl::string_view bytes, absl::string_view what) {
  Message message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat(what, " does not parse"));
  }
  return message;
}

// Adds the puts and deletes that turn the `before` index entries into `after`,
// and the indicator counters' deltas for the items that came and went: one
// pass over both in key order.
void AddIndexChanges(const IndexMap& before, const IndexMap& after, store::WriteBatch& batch) {
  auto count = [&](const std::string& key, const std::string& value, int64_t delta) {
    for (const std::string& counter : store::IndicatorCounterKeys(key, value)) {
      batch.AddToCounter(counter, delta);
    }
  };
  auto old = before.begin();
  auto now = after.begin();
  while (old != before.end() || now != after.end()) {
    const int order = old == before.end()  ? 1
                      : now == after.end() ? -1
                                           : old->first.compare(now->first);
    if (order < 0) {
      batch.Delete(store::Family::kIndex, old->first);
      count(old->first, old->second, -1);
      ++old;
      continue;
    }
    if (order > 0) {
      batch.Put(store::Family::kIndex, now->first, now->second);
      count(now->first, now->second, +1);
      ++now;
      continue;
    }
    if (old->second != now->second) {
      batch.Put(store::Family::kIndex, now->first, now->second);
      if (store::IndicatorCounterKey(old->first, old->second) !=
          store::IndicatorCounterKey(now->first, now->second)) {
        // A value item whose value changed moves to that value's counter.
        count(old->first, old->second, -1);
        count(now->first, now->second, +1);
      }
    }
    ++old;
    ++now;
  }
}

// The entity a command's first event creates or changes; "" for the patient.
std::string EntityOf(const v1::Event& first) {
  switch (first.body_case()) {
    case v1::Event::kCaseOpened:
      return first.case_opened().case_().id();
    case v1::Event::kCaseStageChanged:
      return first.case_stage_changed().case_id();
    case v1::Event::kCaseDataRecorded:
      return first.case_data_recorded().case_id();
    case v1::Event::kTaskCompleted:
      return first.task_completed().task_id();
    case v1::Event::kTaskBecameOverdue:
      return first.task_became_overdue().task_id();
    case v1::Event::kFnRiskAssessmentRecorded:
      return first.fn_risk_assessment_recorded().assessment().id();
    case v1::Event::kChemoConsentRecorded:
      return first.chemo_consent_recorded().consent().case_id();
    case v1::Event::kChemoCycleStarted:
      return first.chemo_cycle_started().cycle().id();
    case v1::Event::kFebrileEpisodeRecorded:
      return first.febrile_episode_recorded().episode().id();
    case v1::Event::kProphylaxisRecorded:
      return first.prophylaxis_recorded().administration().id();
    case v1::Event::kReferralRequested:
      return first.referral_requested().referral().id();
    case v1::Event::kReferralAnswered:
      return first.referral_answered().referral_id();
    case v1::Event::kReferralCompleted:
      return first.referral_completed().referral_id();
    default:
      return AlertIdOf(first);
  }
}

// One update per alert the command touched, with the alert as it ends up.
std::vector<v1::AlertUpdate> AlertUpdatesOf(const std::vector<v1::Event>& events,
                                            const v1::PatientState& state) {
  std::vector<v1::AlertUpdate> updates;
  std::set<std::string> seen;
  for (const v1::Event& event : events) {
    std::string alert_id = AlertIdOf(event);
    if (alert_id.empty() || !seen.insert(alert_id).second) continue;
    if (const v1::Alert* alert = FindAlert(state, alert_id)) {
      *updates.emplace_back().mutable_alert() = *alert;
    }
  }
  return updates;
}

// A step on an alert that has closed meets it among the closed ones, so the
// rules answer that it is closed rather than that it does not exist.
absl::Status AddClosedTargetAlert(const store::Store& store, const v1::Command& command,
                                  v1::PatientState& state) {
  const std::string alert_id = TargetAlert(command);
  if (alert_id.empty() || FindAlert(state, alert_id) != nullptr) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::optional<v1::Alert> closed, LoadClosedAlert(store, alert_id));
  if (closed) *state.add_alerts() = *std::move(closed);
  return absl::OkStatus();
}

}  // namespace

Engine::Engine(store::Store* store, const PluginHost* plugins, const SiteDirectory* sites,
               AlertFeed* alert_feed, const Clock* clock, absl::Duration emergency_access)
    : store_(store),
      plugins_(plugins),
      sites_(sites),
      alert_feed_(alert_feed),
      clock_(clock),
      emergency_access_(emergency_access) {}

struct Engine::PendingWrite {
  explicit PendingWrite(store::WriteBatch empty_batch) : batch(std::move(empty_batch)) {}

  store::WriteBatch batch;
  std::vector<v1::AlertUpdate> alert_updates;
  // For the index cache once committed: each patient's version and entries.
  struct Written {
    std::string patient_id;
    uint64_t version;
    std::shared_ptr<const IndexMap> index;
  };
  std::vector<Written> written;
};

struct Engine::StagedPatient {
  v1::PatientState state;
  // The entries of the state as it was loaded (what the store holds).
  std::shared_ptr<const IndexMap> index_before;
};

absl::StatusOr<v1::CommandOutcome> Engine::Execute(const v1::Command& command,
                                                   const PatientGate& gate,
                                                   const WithCommit& with_commit) {
  return std::move(
      ExecuteBatch(absl::MakeConstSpan(&command, 1), gate, with_commit).results.front());
}

Engine::BatchOutcome Engine::ExecuteBatch(absl::Span<const v1::Command> commands,
                                          const PatientGate& gate,
                                          const WithCommit& with_commit) {
  BatchOutcome outcome;
  std::vector<absl::StatusOr<v1::CommandOutcome>>& results = outcome.results;
  std::vector<std::optional<Planned>> plans;
  results.reserve(commands.size());
  plans.reserve(commands.size());
  std::vector<absl::string_view> request_ids;
  // Each request id's first command in the batch; and a repeat's first use.
  absl::flat_hash_map<absl::string_view, size_t> first_use;
  std::vector<std::pair<size_t, size_t>> repeats;
  for (size_t i = 0; i < commands.size(); ++i) {
    absl::StatusOr<Planned> plan = Plan(commands[i]);
    if (plan.ok()) {
      const auto [first, inserted] = first_use.try_emplace(plan->meta->request_id(), i);
      if (!inserted) {
        const std::optional<Planned>& earlier = plans[first->second];
        if (earlier && earlier->fingerprint == plan->fingerprint) {
          repeats.emplace_back(i, first->second);
          results.push_back(absl::InternalError("answered as its first use"));
          plans.emplace_back();
          continue;
        }
        plan = InvalidField("meta.request_id",
                            absl::StrCat("'", plan->meta->request_id(),
                                         "' was already used in this batch for a different "
                                         "request; give each change its own request_id"));
      }
    }
    if (!plan.ok()) {
      results.push_back(plan.status());
      plans.emplace_back();
      continue;
    }
    request_ids.push_back(plan->meta->request_id());
    results.push_back(absl::InternalError("not run"));  // every planned command is run below
    plans.push_back(*std::move(plan));
  }

  // Request locks first, then patient locks: a retry racing its original
  // waits and then finds the stored outcome.
  const StripeLocks request_locks(request_locks_, request_ids);
  std::vector<absl::string_view> patient_ids;
  std::optional<absl::Status> free_space;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!plans[i]) continue;
    absl::StatusOr<std::optional<v1::CommandOutcome>> answered =
        AnswerOrClaim(*plans[i], gate, free_space);
    if (answered.ok() && !*answered) {
      patient_ids.push_back(plans[i]->patient_id);
      continue;
    }
    results[i] = answered.ok() ? absl::StatusOr<v1::CommandOutcome>(**std::move(answered))
                               : answered.status();
    plans[i].reset();
  }

  const StripeLocks patient_locks(patient_locks_, patient_ids);
  // Each patient's commands together, patients in the order of their first
  // command: a patient's state and index entries are then made and written
  // once for all its commands (a laboratory's batch holds several results
  // of one patient), not once per command.
  std::vector<std::vector<size_t>> groups;
  absl::flat_hash_map<absl::string_view, size_t> group_of;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (!plans[i]) continue;
    const auto [group, added] = group_of.try_emplace(plans[i]->patient_id, groups.size());
    if (added) groups.emplace_back();
    groups[group->second].push_back(i);
  }
  PendingWrite pending(store_->NewBatch());
  for (const std::vector<size_t>& group : groups) {
    StagePatient(group, plans, gate, pending, results);
  }
  std::vector<size_t> staged;
  for (size_t i = 0; i < plans.size(); ++i) {
    if (plans[i] && results[i].ok()) staged.push_back(i);
  }
  auto answer_repeats = [&] {
    for (const auto& [repeat, first] : repeats) results[repeat] = results[first];
  };
  if (!staged.empty()) {
    if (with_commit) {
      answer_repeats();
      with_commit(results, pending.batch);
    }
    outcome.commit = pending.alert_updates.empty()
                         ? store_->Commit(pending.batch)
                         : alert_feed_->CommitWith(pending.batch, std::move(pending.alert_updates));
    if (outcome.commit.ok()) {
      for (PendingWrite::Written& patient : pending.written) {
        index_cache_.Remember(patient.patient_id, patient.version, std::move(patient.index));
      }
    } else {
      for (size_t i : staged) results[i] = outcome.commit;
    }
  }
  answer_repeats();
  return outcome;
}

absl::StatusOr<Engine::Planned> Engine::Plan(const v1::Command& command) {
  Planned plan{};
  plan.command = &command;
  ASSIGN_OR_RETURN(plan.meta, RequestMetaOf(command));
  RETURN_IF_ERROR(CheckIdField("meta.request_id", plan.meta->request_id()));
  RETURN_IF_ERROR(CheckText("actor.principal_id", command.actor().principal_id(), 128, true));
  ASSIGN_OR_RETURN(plan.patient_id, TargetPatient(command));
  plan.registering = plan.patient_id.empty();
  plan.fingerprint = Fingerprint(command);
  return plan;
}

absl::StatusOr<std::optional<v1::CommandOutcome>> Engine::AnswerOrClaim(
    Planned& plan, const PatientGate& gate, std::optional<absl::Status>& free_space) {
  ASSIGN_OR_RETURN(std::optional<v1::CommandOutcome> earlier,
                   FindOutcome(plan.meta->request_id(), plan.fingerprint));
  if (earlier) {
    // A retry passes the gate too, on the patient as it is now.
    if (gate) {
      ASSIGN_OR_RETURN(v1::PatientState current, LoadState(earlier->patient_id()));
      RETURN_IF_ERROR(gate(current));
    }
    return earlier;
  }
  // After the outcome lookup: a retry of what was done still gets its answer.
  if (!free_space) free_space = store_->CheckFreeSpace();
  RETURN_IF_ERROR(*free_space);
  if (plan.registering) {
    ASSIGN_OR_RETURN(plan.patient_id, ChooseNewPatientId());
  }
  return std::nullopt;
}

void Engine::StagePatient(absl::Span<const size_t> group,
                          absl::Span<const std::optional<Planned>> plans, const PatientGate& gate,
                          PendingWrite& pending,
                          std::vector<absl::StatusOr<v1::CommandOutcome>>& results) {
  pending.batch.SetSavePoint();
  const size_t alert_updates_before = pending.alert_updates.size();
  std::optional<StagedPatient> patient;
  std::vector<size_t> staged;
  // A command takes the staged state rather than a copy of it (a copy per
  // command costs more than a hot patient's batch does otherwise) until one
  // fails having changed it; the patient's later commands copy it.
  StagedState from = StagedState::kTaken;
  std::vector<size_t> order(group.begin(), group.end());
  for (size_t next = 0; next < order.size(); ++next) {
    const size_t i = order[next];
    const bool follows_staged = !staged.empty();
    results[i] = Stage(*plans[i], gate, from, patient, pending);
    if (results[i].ok()) {
      staged.push_back(i);
      continue;
    }
    // Refused before it changed anything, or having worked on a copy, it
    // left the state in `patient`.
    if (patient || !follows_staged) continue;
    // It failed after its events were applied to the state it took (a
    // plugin's reaction failing): the commands staged before it are staged
    // again, from the stored state, before the next one.
    pending.batch.RollbackToSavePoint();
    pending.batch.SetSavePoint();
    pending.alert_updates.resize(alert_updates_before);
    order.insert(order.begin() + static_cast<ptrdiff_t>(next) + 1, staged.begin(), staged.end());
    staged.clear();
    from = StagedState::kCopied;
  }
  absl::Status written = absl::OkStatus();
  if (!staged.empty()) {
    written = WriteStateAndIndex(plans[group.front()]->patient_id, *patient, pending);
  }
  if (written.ok()) {
    pending.batch.ReleaseSavePoint();
    return;
  }
  pending.batch.RollbackToSavePoint();
  pending.alert_updates.resize(alert_updates_before);
  for (size_t i : staged) results[i] = written;
}

absl::StatusOr<v1::CommandOutcome> Engine::Stage(const Planned& plan, const PatientGate& gate,
                                                 StagedState from,
                                                 std::optional<StagedPatient>& patient,
                                                 PendingWrite& pending) {
  const v1::Command& command = *plan.command;
  const std::string& patient_id = plan.patient_id;
  StagedPatient start;
  if (patient && from == StagedState::kCopied) {
    start = *patient;
  } else if (patient) {
    start = *std::move(patient);
    patient.reset();
  } else if (plan.registering) {
    start.state.mutable_patient()->set_id(patient_id);
    start.index_before = std::make_shared<const IndexMap>();
  } else {
    ASSIGN_OR_RETURN(start.state, LoadOpenState(patient_id));
    // Unknown (null) unless remembered for this version: then made from the
    // state before the command, in CheckAndDecide.
    start.index_before = index_cache_.Find(patient_id, start.state.version());
  }
  // Until its events are applied the command only reads the state, but for
  // a closed alert it steps on, added for the rules to find: a refusal
  // hands the state back as it was.
  const int alerts = start.state.alerts_size();
  absl::StatusOr<std::vector<v1::Event>> primary = CheckAndDecide(plan, gate, start);
  if (!primary.ok()) {
    start.state.mutable_alerts()->DeleteSubrange(alerts, start.state.alerts_size() - alerts);
    if (!patient) patient = std::move(start);
    return primary.status();
  }
  v1::PatientState& state = start.state;
  const uint64_t first_seq = state.version() + 1;
  ASSIGN_OR_RETURN(std::vector<v1::Event> events,
                   ApplyAndReact(command, *std::move(primary), state));

  v1::CommandOutcome outcome;
  outcome.set_patient_id(patient_id);
  outcome.set_first_seq(first_seq);
  outcome.set_last_seq(state.version());
  outcome.set_request_fingerprint(plan.fingerprint);
  std::string entity = EntityOf(events.front());
  outcome.set_entity_id(entity.empty() ? patient_id : entity);

  // Nothing fails from here on: the command's writes join the batch (its
  // patient's state and index changes follow, in WriteStateAndIndex).
  store::WriteBatch& batch = pending.batch;
  for (const v1::Event& event : events) {
    batch.Put(store::Family::kEvents, store::EventKey(patient_id, event.seq()),
              event.SerializeAsString());
  }
  batch.Put(store::Family::kRequests, store::RequestKey(plan.meta->request_id()),
            outcome.SerializeAsString());
  for (v1::AlertUpdate& update : AlertUpdatesOf(events, state)) {
    pending.alert_updates.push_back(std::move(update));
  }
  patient = std::move(start);
  return outcome;
}

absl::StatusOr<std::vector<v1::Event>> Engine::CheckAndDecide(const Planned& plan,
                                                              const PatientGate& gate,
                                                              StagedPatient& start) const {
  const v1::Command& command = *plan.command;
  v1::PatientState& state = start.state;
  if (gate && !plan.registering) RETURN_IF_ERROR(gate(state));
  if (plan.meta->expected_version() != 0 && plan.meta->expected_version() != state.version()) {
    return absl::AbortedError(absl::StrCat(
        "meta.expected_version: patient ", plan.patient_id, " is at version ", state.version(),
        ", not ", plan.meta->expected_version(), "; re-read the patient and retry"));
  }

  RETURN_IF_ERROR(AddClosedTargetAlert(*store_, command, state));
  const DecideContext context{clock_->Now(), sites_, plugins_, emergency_access_};
  ASSIGN_OR_RETURN(std::vector<v1::Event> primary,
                   Decide(command, state, state.version() + 1, context));
  // The state before the command, serialized once for the plugins'
  // verdicts and, for a patient just loaded, its index entries.
  const StateForPlugins before(state);
  RETURN_IF_ERROR(ValidateWithPlugins(command, before, primary, context.now));
  if (!start.index_before) {
    ASSIGN_OR_RETURN(IndexMap entries, IndexEntries(before, *plugins_));
    start.index_before = std::make_shared<const IndexMap>(std::move(entries));
  }
  return primary;
}

absl::Status Engine::WriteStateAndIndex(const std::string& patient_id,
                                        const StagedPatient& patient,
                                        PendingWrite& pending) const {
  // One serialization of the new state: stored, and handed to the plugins
  // for its indicator items.
  const StateForPlugins stored_state(patient.state);
  ASSIGN_OR_RETURN(IndexMap entries_after, IndexEntries(stored_state, *plugins_));
  AddIndexChanges(*patient.index_before, entries_after, pending.batch);
  if (!HoldsClosedAlert(patient.state)) {
    pending.batch.Put(store::Family::kState, store::StateKey(patient_id), stored_state.bytes());
    pending.written.push_back({patient_id, patient.state.version(),
                               std::make_shared<const IndexMap>(std::move(entries_after))});
    return absl::OkStatus();
  }
  // A closed alert leaves the state (closed_alerts.h). Its entries were
  // written just now from the state still holding it, and stay; entries
  // remembered for the next write would hold them and have them deleted
  // there, so none are: that write derives the open state's own.
  ASSIGN_OR_RETURN(const std::string row, LoadClosedAlerts(*store_, patient_id, nullptr));
  ASSIGN_OR_RETURN(SplitState split, SplitClosedAlerts(patient_id, patient.state, row));
  pending.batch.Put(store::Family::kState, store::ClosedAlertsKey(patient_id), split.closed);
  pending.batch.Put(store::Family::kState, store::StateKey(patient_id), split.open);
  return absl::OkStatus();
}

absl::StatusOr<std::optional<v1::CommandOutcome>> Engine::FindOutcome(
    const std::string& request_id, uint64_t fingerprint) const {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->Get(store::Family::kRequests, store::RequestKey(request_id)));
  if (!stored) return std::nullopt;
  ASSIGN_OR_RETURN(v1::CommandOutcome outcome,
                   Parse<v1::CommandOutcome>(*stored, "stored request outcome"));
  if (outcome.request_fingerprint() != fingerprint) {
    return absl::InvalidArgumentError(absl::StrCat(
        "meta.request_id: '", request_id,
        "' was already used for a different request; use a new request_id "
        "for each intended change"));
  }
  return outcome;
}

absl::StatusOr<std::string> Engine::ChooseNewPatientId() {
  // 60 random bits: a collision is astronomically unlikely, but checked.
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string id;
    {
      absl::MutexLock lock(&random_mu_);
      id = NewPatientId(random_);
    }
    ASSIGN_OR_RETURN(std::optional<std::string> existing,
                     store_->Get(store::Family::kState, store::StateKey(id)));
    if (!existing) return id;
  }
  return absl::InternalError("could not choose an unused patient id");
}

absl::Status Engine::ValidateWithPlugins(const v1::Command& command,
                                         const StateForPlugins& state,
                                         const std::vector<v1::Event>& primary,
                                         absl::Time now) const {
  for (const LoadedPlugin* plugin : PluginsConcerned(primary, state.state(), *plugins_)) {
    RETURN_IF_ERROR(plugin->Validate(command, state, now));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<v1::Event>> Engine::ApplyAndReact(
    const v1::Command& command, std::vector<v1::Event> primary,
    v1::PatientState& state) const {
  const google::protobuf::Timestamp now = ToProtoTime(clock_->Now());
  const std::string& request_id = (*RequestMetaOf(command))->request_id();
  uint64_t next_seq = state.version() + 1;
  auto stamp = [&](v1::Event& event) {
    event.set_patient_id(state.patient().id());
    event.set_seq(next_seq++);
    *event.mutable_recorded_at() = now;
    *event.mutable_actor() = command.actor();
    event.set_request_id(request_id);
  };

  std::vector<v1::Event> events = std::move(primary);
  for (v1::Event& event : events) stamp(event);
  // Events are applied in seq order; each one's reactions join the end of
  // the list and are applied (and reacted to) in turn.
  for (size_t i = 0; i < events.size(); ++i) {
    RETURN_IF_ERROR(Apply(events[i], &state));
    // A copy: reactions appended below may reallocate `events`.
    const v1::Event applied = events[i];
    // Serialized once for all the plugins reacting to this event; the state
    // changes only with the next Apply.
    const StateForPlugins shared(state);
    for (const LoadedPlugin* plugin : PluginsConcerned({applied}, state, *plugins_)) {
      ASSIGN_OR_RETURN(std::vector<v1::Event> derived, plugin->React(applied, shared));
      for (v1::Event& reaction : derived) {
        stamp(reaction);
        reaction.set_caused_by_seq(applied.seq());
        reaction.set_plugin_id(plugin->id());
        RETURN_IF_ERROR(CompleteDerivedEvent(reaction, state, *plugins_));
        events.push_back(std::move(reaction));
      }
    }
    if (events.size() > kMaxEventsPerCommand) {
      return absl::InternalError(absl::StrCat(
          "plugin reactions exceeded ", kMaxEventsPerCommand,
          " events for one command; a plugin is looping"));
    }
  }
  return events;
}

absl::StatusOr<v1::PatientState> Engine::LoadState(absl::string_view patient_id,
                                                   const store::Snapshot* snapshot) const {
  ASSIGN_OR_RETURN(std::string stored, LoadStoredState(patient_id, snapshot));
  return Parse<v1::PatientState>(
      stored, absl::StrCat("state of patient ", patient_id, " with its closed alerts"));
}

absl::StatusOr<std::string> Engine::LoadStoredState(absl::string_view patient_id,
                                                    const store::Snapshot* snapshot) const {
  // Two reads of one moment: a close committing between them would show its
  // alert both open and closed.
  std::unique_ptr<store::Snapshot> own_snapshot;
  if (snapshot == nullptr) {
    own_snapshot = store_->NewSnapshot();
    snapshot = own_snapshot.get();
  }
  ASSIGN_OR_RETURN(std::string state, LoadStoredOpenState(patient_id, snapshot));
  ASSIGN_OR_RETURN(std::string closed, LoadClosedAlerts(*store_, patient_id, snapshot));
  // Both are wire forms of a PatientState: together, the state with both.
  return state.append(closed);
}

absl::StatusOr<v1::PatientState> Engine::LoadOpenState(absl::string_view patient_id) const {
  ASSIGN_OR_RETURN(std::string stored, LoadStoredOpenState(patient_id, nullptr));
  return Parse<v1::PatientState>(stored, absl::StrCat("state of patient ", patient_id));
}

absl::StatusOr<std::string> Engine::LoadStoredOpenState(absl::string_view patient_id,
                                                        const store::Snapshot* snapshot) const {
  ASSIGN_OR_RETURN(std::optional<std::string> stored,
                   store_->Get(store::Family::kState, store::StateKey(patient_id), snapshot));
  if (!stored) {
    return absl::NotFoundError(absl::StrCat("patient ", patient_id, " not found"));
  }
  return *std::move(stored);
}

absl::StatusOr<std::vector<v1::Event>> Engine::LoadEvents(absl::string_view patient_id,
                                                          const store::Snapshot* snapshot,
                                                          EventRange range) const {
  std::vector<v1::Event> events;
  absl::Status parsed = absl::OkStatus();
  RETURN_IF_ERROR(VisitEventBytes(patient_id, snapshot, range, [&](absl::string_view bytes) {
    absl::StatusOr<v1::Event> event = Parse<v1::Event>(bytes, "event");
    if (event.ok()) {
      events.push_back(*std::move(event));
    } else {
      parsed.Update(event.status());
    }
  }));
  RETURN_IF_ERROR(parsed);
  return events;
}

absl::Status Engine::VisitEventBytes(absl::string_view patient_id,
                                     const store::Snapshot* snapshot, EventRange range,
                                     const std::function<void(absl::string_view)>& visit) const {
  const std::string start_after =
      range.after_seq == 0 ? "" : store::EventKey(patient_id, range.after_seq);
  size_t visited = 0;
  return store_->Scan(
      store::Family::kEvents, store::EventPrefix(patient_id), start_after,
      [&](absl::string_view /*key*/, absl::string_view value) {
        visit(value);
        return range.limit == 0 || ++visited < range.limit;
      },
      snapshot);
}

}  // namespace casehub::engine
