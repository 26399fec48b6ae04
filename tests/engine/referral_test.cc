// Referrals in the engine: a round trip up (county -> hub, to treat) and
// down (hub -> county, for follow-up), what each step does to ownership,
// shares and worklists, the timeline kept whole, and who may take each step.
#include "gmock/gmock.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/index_entries.h"
#include "services/engine/referrals.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ReferralTest : public EngineFixture {
 protected:
  // A lung case opened by the county (its staging task is on the county's
  // worklist).
  void SetUp() override {
    v1::Command registration = Register("reg");
    *registration.mutable_actor() = As(kCounty).actor();
    patient_ = engine_->Execute(registration)->patient_id();
    v1::Command open = OpenCase("case", patient_);
    *open.mutable_actor() = As(kCounty).actor();
    case_id_ = engine_->Execute(open)->entity_id();
  }

  absl::StatusOr<v1::CommandOutcome> Request(const std::string& request_id,
                                             const std::string& from, const std::string& to,
                                             v1::ReferralKind kind) {
    v1::Command command = As(from);
    v1::RequestReferralRequest* request = command.mutable_request_referral();
    request->mutable_meta()->set_request_id(request_id);
    request->set_case_id(case_id_);
    request->set_to_site_id(to);
    request->set_kind(kind);
    request->set_reason("needs concurrent chemoradiotherapy");
    return engine_->Execute(command);
  }

  // accept / decline / cancel, as `site`.
  absl::StatusOr<v1::CommandOutcome> Answer(const std::string& request_id,
                                            const std::string& referral_id,
                                            v1::ReferralStatus answer, const std::string& site,
                                            const std::string& note = "agreed at the MDT") {
    v1::Command command = As(site);
    v1::AnswerReferralRequest* request =
        answer == v1::REFERRAL_STATUS_ACCEPTED    ? command.mutable_accept_referral()
        : answer == v1::REFERRAL_STATUS_DECLINED ? command.mutable_decline_referral()
                                                 : command.mutable_cancel_referral();
    request->mutable_meta()->set_request_id(request_id);
    request->set_referral_id(referral_id);
    request->set_note(note);
    return engine_->Execute(command);
  }

  absl::StatusOr<v1::CommandOutcome> Complete(const std::string& request_id,
                                              const std::string& referral_id,
                                              const std::string& site) {
    v1::Command command = As(site);
    command.mutable_complete_referral()->mutable_meta()->set_request_id(request_id);
    command.mutable_complete_referral()->set_referral_id(referral_id);
    command.mutable_complete_referral()->set_summary("4 cycles of EP with radiotherapy, done");
    return engine_->Execute(command);
  }

  v1::PatientState State() { return *engine_->LoadState(patient_); }
  v1::Referral Referral(const std::string& id) {
    const v1::PatientState state = State();
    const v1::Referral* referral = FindReferral(state, id);
    return referral == nullptr ? v1::Referral() : *referral;
  }
  v1::Case Case() { return *FindCase(State(), case_id_); }

  std::string patient_;
  std::string case_id_;
};

TEST_F(ReferralTest, UpToTheHubToTreatAndDownAgainForFollowUp) {
  // Up: the county asks the hub to take over the treatment.
  absl::StatusOr<v1::CommandOutcome> up =
      Request("up", kCounty, kHub, v1::REFERRAL_KIND_TRANSFER);
  ASSERT_TRUE(up.ok()) << up.status();
  const v1::PatientState after_request = State();
  const v1::Referral* asked = FindReferral(after_request, up->entity_id());
  ASSERT_NE(asked, nullptr);
  EXPECT_EQ(asked->direction(), v1::REFERRAL_DIRECTION_UPWARD);
  EXPECT_EQ(asked->status(), v1::REFERRAL_STATUS_REQUESTED);
  EXPECT_EQ(asked->requested_by().site_id(), kCounty);
  // Nothing moves until the hub accepts.
  EXPECT_EQ(Case().owning_site_id(), kCounty);

  clock_.Advance(absl::Hours(2));
  ASSERT_TRUE(Answer("accept-up", up->entity_id(), v1::REFERRAL_STATUS_ACCEPTED, kHub).ok());
  v1::Case treated = Case();
  EXPECT_EQ(treated.owning_site_id(), kHub);
  // The county follows its patient while the hub treats.
  EXPECT_THAT(treated.shared_site_ids(), ElementsAre(kCounty));
  ASSERT_EQ(treated.transfers_size(), 1);
  EXPECT_EQ(treated.transfers(0).from_site_id(), kCounty);
  EXPECT_EQ(ToAbslTime(treated.transfers(0).at()), clock_.Now());
  // The open staging task went with the case to the hub's worklist.
  const v1::PatientState after_accept = State();
  for (const v1::Task& task : after_accept.tasks()) {
    if (task.status() == v1::TASK_STATUS_OPEN) {
      EXPECT_EQ(task.site_id(), kHub) << task.id();
    }
  }
  // Before and after the transfer the case had its owner.
  EXPECT_EQ(OwnerAt(treated, clock_.Now() - absl::Minutes(1)), kCounty);
  EXPECT_EQ(OwnerAt(treated, clock_.Now()), kHub);

  ASSERT_TRUE(Complete("done-up", up->entity_id(), kHub).ok());
  EXPECT_THAT(Case().shared_site_ids(), IsEmpty());
  EXPECT_EQ(Referral(up->entity_id()).status(), v1::REFERRAL_STATUS_COMPLETED);

  // Down: the hub sends the patient home for follow-up.
  absl::StatusOr<v1::CommandOutcome> down =
      Request("down", kHub, kCounty, v1::REFERRAL_KIND_TRANSFER);
  ASSERT_TRUE(down.ok()) << down.status();
  EXPECT_EQ(Referral(down->entity_id()).direction(), v1::REFERRAL_DIRECTION_DOWNWARD);
  ASSERT_TRUE(Answer("accept-down", down->entity_id(), v1::REFERRAL_STATUS_ACCEPTED, kCounty).ok());
  EXPECT_EQ(Case().owning_site_id(), kCounty);
  EXPECT_THAT(Case().shared_site_ids(), ElementsAre(kHub));
  ASSERT_TRUE(Complete("done-down", down->entity_id(), kCounty).ok());
  EXPECT_THAT(Case().shared_site_ids(), IsEmpty());
  EXPECT_EQ(Case().transfers_size(), 2);

  // The timeline is whole: every step is an event of the one patient stream,
  // and replaying it gives the stored state.
  std::vector<v1::Event> events = *engine_->LoadEvents(patient_);
  int referral_events = 0;
  for (const v1::Event& event : events) {
    referral_events += event.has_referral_requested() || event.has_referral_answered() ||
                       event.has_referral_completed();
  }
  EXPECT_EQ(referral_events, 6);
  absl::StatusOr<v1::PatientState> replayed = Replay(events);
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(replayed->SerializeAsString(), State().SerializeAsString());
}

TEST_F(ReferralTest, AConsultationSharesTheCaseUntilItIsComplete) {
  absl::StatusOr<v1::CommandOutcome> mdt = Request("mdt", kCounty, kHub, v1::REFERRAL_KIND_SHARE);
  ASSERT_TRUE(mdt.ok()) << mdt.status();
  ASSERT_TRUE(Answer("accept", mdt->entity_id(), v1::REFERRAL_STATUS_ACCEPTED, kHub).ok());
  EXPECT_EQ(Case().owning_site_id(), kCounty);
  EXPECT_THAT(Case().shared_site_ids(), ElementsAre(kHub));
  // Both sides list it, and list it as open.
  absl::StatusOr<IndexMap> index = IndexEntries(State(), *plugins_);
  ASSERT_TRUE(index.ok());
  const absl::Time requested = ToAbslTime(Referral(mdt->entity_id()).requested_at());
  for (const char* site : {kHub, kCounty}) {
    EXPECT_TRUE(index->contains(store::ReferralKey(true, site, requested, mdt->entity_id())))
        << site;
  }
  ASSERT_TRUE(Complete("done", mdt->entity_id(), kHub).ok());
  EXPECT_THAT(Case().shared_site_ids(), IsEmpty());
  EXPECT_EQ(Case().owning_site_id(), kCounty);
}

TEST_F(ReferralTest, EachStepBelongsToOneSide) {
  // Only the owner refers.
  absl::Status stranger = Request("r0", kHub, kCounty, v1::REFERRAL_KIND_SHARE).status();
  EXPECT_EQ(stranger.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(stranger.message(), HasSubstr("owns the case"));

  absl::StatusOr<v1::CommandOutcome> up = Request("r1", kCounty, kHub, v1::REFERRAL_KIND_TRANSFER);
  ASSERT_TRUE(up.ok());
  EXPECT_EQ(Request("r2", kCounty, kHub, v1::REFERRAL_KIND_SHARE).status().code(),
            absl::StatusCode::kAlreadyExists);
  // The referrer cannot accept its own referral, nor the receiver cancel it.
  EXPECT_EQ(Answer("a1", up->entity_id(), v1::REFERRAL_STATUS_ACCEPTED, kCounty).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(Answer("a2", up->entity_id(), v1::REFERRAL_STATUS_CANCELLED, kHub).status().code(),
            absl::StatusCode::kPermissionDenied);
  // Not complete before it is accepted; a decline says why.
  EXPECT_EQ(Complete("c1", up->entity_id(), kHub).status().code(),
            absl::StatusCode::kFailedPrecondition);
  absl::Status terse =
      Answer("a3", up->entity_id(), v1::REFERRAL_STATUS_DECLINED, kHub, "no").status();
  EXPECT_THAT(terse.message(), HasSubstr("note"));
  ASSERT_TRUE(Answer("a4", up->entity_id(), v1::REFERRAL_STATUS_DECLINED, kHub,
                     "no radiotherapy slot this month")
                  .ok());
  EXPECT_EQ(Referral(up->entity_id()).status(), v1::REFERRAL_STATUS_DECLINED);
  EXPECT_EQ(Case().owning_site_id(), kCounty);
  // Declined: it can be asked again, and withdrawn by the referrer.
  absl::StatusOr<v1::CommandOutcome> again =
      Request("r3", kCounty, kHub, v1::REFERRAL_KIND_TRANSFER);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(Answer("a5", again->entity_id(), v1::REFERRAL_STATUS_CANCELLED, kCounty,
                     "patient chose to stay near home")
                  .ok());
  EXPECT_EQ(Answer("a6", again->entity_id(), v1::REFERRAL_STATUS_ACCEPTED, kHub).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(ReferralTest, RequestsAreCheckedFieldByField) {
  EXPECT_EQ(Request("r1", kCounty, "atlantis", v1::REFERRAL_KIND_SHARE).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(Request("r2", kCounty, kCounty, v1::REFERRAL_KIND_SHARE).status().message(),
              HasSubstr("to_site_id"));
  EXPECT_THAT(Request("r3", kCounty, kHub, v1::REFERRAL_KIND_UNSPECIFIED).status().message(),
              HasSubstr("kind"));
}

}  // namespace
}  // namespace casehub::engine
