#include "services/engine/referrals.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/ids.h"

namespace casehub::engine {
namespace {

bool InForce(const v1::Referral& referral) {
  return referral.status() == v1::REFERRAL_STATUS_REQUESTED ||
         referral.status() == v1::REFERRAL_STATUS_ACCEPTED;
}

v1::ReferralDirection DirectionOf(const v1::Site& from, const v1::Site& to) {
  const bool from_hub = from.kind() == v1::SITE_KIND_HUB_HOSPITAL;
  const bool to_hub = to.kind() == v1::SITE_KIND_HUB_HOSPITAL;
  if (to_hub && !from_hub) return v1::REFERRAL_DIRECTION_UPWARD;
  if (from_hub && !to_hub) return v1::REFERRAL_DIRECTION_DOWNWARD;
  return v1::REFERRAL_DIRECTION_LATERAL;
}

// The sites an accepted referral of `c` lets share it: a consultation's
// receiver, a transfer's referrer; never the owner.
void RecomputeShares(const v1::PatientState& state, v1::Case& c) {
  std::set<std::string> shared;
  for (const v1::Referral& referral : state.referrals()) {
    if (referral.case_id() != c.id() || referral.status() != v1::REFERRAL_STATUS_ACCEPTED) {
      continue;
    }
    shared.insert(referral.kind() == v1::REFERRAL_KIND_SHARE ? referral.to_site_id()
                                                             : referral.from_site_id());
  }
  shared.erase(c.owning_site_id());
  c.clear_shared_site_ids();
  for (const std::string& site : shared) c.add_shared_site_ids(site);
}

// An accepted transfer: the receiver owns the case from now on, and the open
// tasks the old owner's worklist held for it move to the new owner's.
void TransferOwnership(const v1::Referral& referral, const v1::Event& event,
                       v1::PatientState& state, v1::Case& c) {
  v1::OwnershipTransfer* transfer = c.add_transfers();
  transfer->set_from_site_id(c.owning_site_id());
  transfer->set_to_site_id(referral.to_site_id());
  *transfer->mutable_at() = event.recorded_at();
  transfer->set_referral_id(referral.id());
  for (v1::Task& task : *state.mutable_tasks()) {
    if (task.case_id() == c.id() && task.status() == v1::TASK_STATUS_OPEN &&
        task.site_id() == c.owning_site_id()) {
      task.set_site_id(referral.to_site_id());
    }
  }
  c.set_owning_site_id(referral.to_site_id());
}

absl::StatusOr<const v1::Referral*> RequireReferral(const v1::PatientState& state,
                                                    const std::string& referral_id,
                                                    v1::ReferralStatus status) {
  RETURN_IF_ERROR(CheckIdField("referral_id", referral_id));
  const v1::Referral* referral = FindReferral(state, referral_id);
  if (referral == nullptr) {
    return absl::NotFoundError(absl::StrCat("referral_id: referral ", referral_id, " not found"));
  }
  if (referral->status() != status) {
    return absl::FailedPreconditionError(absl::StrCat(
        "referral ", referral_id, " is ", v1::ReferralStatus_Name(referral->status()),
        ", not ", v1::ReferralStatus_Name(status)));
  }
  return referral;
}

absl::Status RequireSite(const v1::Actor& actor, const std::string& site,
                         absl::string_view who) {
  if (actor.site_id() == site) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("only ", who, " (", site, ") may do this; your site is ", actor.site_id()));
}

}  // namespace

absl::StatusOr<v1::Event> DecideRequestReferral(const v1::RequestReferralRequest& request,
                                                const v1::Actor& actor,
                                                const v1::PatientState& state, uint64_t next_seq,
                                                const SiteDirectory& sites) {
  RETURN_IF_ERROR(CheckIdField("case_id", request.case_id()));
  const v1::Case* c = FindCase(state, request.case_id());
  if (c == nullptr) {
    return absl::NotFoundError(absl::StrCat("case_id: case ", request.case_id(), " not found"));
  }
  if (c->status() != v1::CASE_STATUS_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("case ", c->id(), " is closed"));
  }
  RETURN_IF_ERROR(RequireSite(actor, c->owning_site_id(), "the site that owns the case"));
  RETURN_IF_ERROR(CheckIdField("to_site_id", request.to_site_id()));
  std::optional<v1::Site> to = sites.Find(request.to_site_id());
  if (!to) {
    return absl::NotFoundError(
        absl::StrCat("to_site_id: no site '", request.to_site_id(), "' in this network"));
  }
  if (request.to_site_id() == c->owning_site_id()) {
    return InvalidField("to_site_id", "is the site that owns the case already");
  }
  if (request.kind() == v1::REFERRAL_KIND_UNSPECIFIED || !v1::ReferralKind_IsValid(request.kind())) {
    return InvalidField("kind", "is required: share (a consultation) or transfer (the care moves)");
  }
  RETURN_IF_ERROR(CheckExplanation("reason", request.reason(), 10, 500));
  for (const v1::Referral& other : state.referrals()) {
    if (other.case_id() == c->id() && other.to_site_id() == request.to_site_id() &&
        InForce(other)) {
      return absl::AlreadyExistsError(absl::StrCat("case ", c->id(), " has referral ", other.id(),
                                                   " to ", other.to_site_id(), " already (",
                                                   v1::ReferralStatus_Name(other.status()), ")"));
    }
  }
  std::optional<v1::Site> from = sites.Find(c->owning_site_id());
  v1::Event event;
  v1::Referral* referral = event.mutable_referral_requested()->mutable_referral();
  referral->set_id(EntityId(state.patient().id(), EntityKind::kReferral, next_seq));
  referral->set_patient_id(state.patient().id());
  referral->set_case_id(c->id());
  referral->set_from_site_id(c->owning_site_id());
  referral->set_to_site_id(request.to_site_id());
  referral->set_direction(from ? DirectionOf(*from, *to) : v1::REFERRAL_DIRECTION_LATERAL);
  referral->set_kind(request.kind());
  referral->set_status(v1::REFERRAL_STATUS_REQUESTED);
  referral->set_reason(request.reason());
  return event;
}

absl::StatusOr<v1::Event> DecideAnswerReferral(const v1::AnswerReferralRequest& request,
                                               v1::ReferralStatus answer, const v1::Actor& actor,
                                               const v1::PatientState& state) {
  ASSIGN_OR_RETURN(const v1::Referral* referral,
                   RequireReferral(state, request.referral_id(), v1::REFERRAL_STATUS_REQUESTED));
  if (answer == v1::REFERRAL_STATUS_CANCELLED) {
    RETURN_IF_ERROR(RequireSite(actor, referral->from_site_id(), "the referring site"));
  } else {
    RETURN_IF_ERROR(RequireSite(actor, referral->to_site_id(), "the receiving site"));
  }
  if (answer == v1::REFERRAL_STATUS_ACCEPTED) {
    RETURN_IF_ERROR(CheckText("note", request.note(), 500, false));
    const v1::Case* c = FindCase(state, referral->case_id());
    if (c == nullptr || c->status() != v1::CASE_STATUS_OPEN ||
        c->owning_site_id() != referral->from_site_id()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "referral ", referral->id(), ": case ", referral->case_id(),
          " is no longer open at the referring site ", referral->from_site_id()));
    }
  } else {
    RETURN_IF_ERROR(CheckExplanation("note", request.note(), 10, 500));
  }
  v1::Event event;
  v1::ReferralAnswered* answered = event.mutable_referral_answered();
  answered->set_referral_id(referral->id());
  answered->set_status(answer);
  answered->set_note(request.note());
  return event;
}

absl::StatusOr<v1::Event> DecideCompleteReferral(const v1::CompleteReferralRequest& request,
                                                 const v1::Actor& actor,
                                                 const v1::PatientState& state) {
  ASSIGN_OR_RETURN(const v1::Referral* referral,
                   RequireReferral(state, request.referral_id(), v1::REFERRAL_STATUS_ACCEPTED));
  RETURN_IF_ERROR(RequireSite(actor, referral->to_site_id(), "the receiving site"));
  RETURN_IF_ERROR(CheckExplanation("summary", request.summary(), 10, 2000));
  v1::Event event;
  event.mutable_referral_completed()->set_referral_id(referral->id());
  event.mutable_referral_completed()->set_summary(request.summary());
  return event;
}

absl::Status ApplyReferralEvent(const v1::Event& event, v1::PatientState& state) {
  std::string referral_id;
  switch (event.body_case()) {
    case v1::Event::kReferralRequested: {
      v1::Referral* referral = state.add_referrals();
      *referral = event.referral_requested().referral();
      *referral->mutable_requested_at() = event.recorded_at();
      *referral->mutable_requested_by() = event.actor();
      return absl::OkStatus();
    }
    case v1::Event::kReferralAnswered:
      referral_id = event.referral_answered().referral_id();
      break;
    case v1::Event::kReferralCompleted:
      referral_id = event.referral_completed().referral_id();
      break;
    default:
      return absl::InternalError("not a referral event");
  }
  v1::Referral* referral = FindById(state.mutable_referrals(), referral_id);
  v1::Case* c = referral == nullptr ? nullptr : FindById(state.mutable_cases(), referral->case_id());
  if (c == nullptr) {
    return absl::InternalError(absl::StrCat("event ", event.seq(), " names unknown referral ",
                                            referral_id));
  }
  if (event.has_referral_answered()) {
    referral->set_status(event.referral_answered().status());
    *referral->mutable_answered_at() = event.recorded_at();
    *referral->mutable_answered_by() = event.actor();
    referral->set_answer_note(event.referral_answered().note());
    if (referral->status() == v1::REFERRAL_STATUS_ACCEPTED &&
        referral->kind() == v1::REFERRAL_KIND_TRANSFER) {
      TransferOwnership(*referral, event, state, *c);
    }
  } else {
    referral->set_status(v1::REFERRAL_STATUS_COMPLETED);
    *referral->mutable_completed_at() = event.recorded_at();
    *referral->mutable_completed_by() = event.actor();
    referral->set_completion_summary(event.referral_completed().summary());
  }
  RecomputeShares(state, *c);
  return absl::OkStatus();
}

const v1::Referral* FindReferral(const v1::PatientState& state, absl::string_view referral_id) {
  return FindById(state.referrals(), referral_id);
}

std::string OwnerAt(const v1::Case& c, absl::Time time) {
  if (c.transfers().empty()) return c.owning_site_id();
  std::string owner = c.transfers(0).from_site_id();
  for (const v1::OwnershipTransfer& transfer : c.transfers()) {
    if (ToAbslTime(transfer.at()) > time) break;
    owner = transfer.to_site_id();
  }
  return owner;
}

}  // namespace casehub::engine
