// Apply: the one function that turns an event into state. Pure and
// deterministic — it reads nothing but its arguments — so replaying a
// patient's events always rebuilds the same PatientState.
#pragma once

#include <utility>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "casehub/v1/event.pb.h"
#include "casehub/v1/state.pb.h"

namespace casehub::engine {

// Applies `event` to `state`. INTERNAL when the event does not fit the state
// (a seq out of order, an unknown case or task): that means a bug or a
// damaged log, never bad input, which Decide has refused earlier.
absl::Status Apply(const v1::Event& event, v1::PatientState* state);

// The entity with this id among `entities`; nullptr when absent.
template <typename Entity>
const Entity* FindById(const google::protobuf::RepeatedPtrField<Entity>& entities,
                       absl::string_view id) {
  for (const Entity& entity : entities) {
    if (entity.id() == id) return &entity;
  }
  return nullptr;
}
// The same, for changing the entity found.
template <typename Entity>
Entity* FindById(google::protobuf::RepeatedPtrField<Entity>* entities, absl::string_view id) {
  return const_cast<Entity*>(FindById(std::as_const(*entities), id));
}

// Lookups shared by apply, decide and the reactions; nullptr when absent.
const v1::Case* FindCase(const v1::PatientState& state, absl::string_view case_id);
const v1::Task* FindTask(const v1::PatientState& state, absl::string_view task_id);
const v1::Alert* FindAlert(const v1::PatientState& state, absl::string_view alert_id);

// The alert a step of the closed loop concerns; "" for other events.
std::string AlertIdOf(const v1::Event& event);

}  // namespace casehub::engine

namespace casehub::engine {

// Applies `events` in order to an empty state: what verify and rebuild use.
absl::StatusOr<v1::PatientState> Replay(const std::vector<v1::Event>& events);

}  // namespace casehub::engine
