// Linking and merging records of one person in the engine: a link keeps
// both records working; a merge needs a record with nothing open, then makes
// it refuse work (but its unmerge) and leaves the master patient index; both
// are undone by unlinking, and replay gives the same state.
#include "gmock/gmock.h"
#include "services/engine/apply.h"
#include "services/engine/index_entries.h"
#include "services/engine/patient_links.h"
#include "services/store/keys.h"
#include "tests/engine/engine_fixture.h"

namespace casehub::engine {
namespace {

using ::testing::HasSubstr;

class PatientLinksTest : public EngineFixture {
 protected:
  absl::StatusOr<v1::CommandOutcome> Link(const std::string& request_id,
                                          const std::string& patient, const std::string& other,
                                          v1::LinkMode mode) {
    v1::Command command = As();
    v1::LinkPatientsRequest* link = command.mutable_link_patients();
    link->mutable_meta()->set_request_id(request_id);
    link->set_patient_id(patient);
    link->set_other_patient_id(other);
    link->set_mode(mode);
    link->set_reason("registered twice at admission");
    return engine_->Execute(command);
  }

  absl::StatusOr<v1::CommandOutcome> Unlink(const std::string& request_id,
                                            const std::string& patient, const std::string& other) {
    v1::Command command = As();
    v1::UnlinkPatientsRequest* unlink = command.mutable_unlink_patients();
    unlink->mutable_meta()->set_request_id(request_id);
    unlink->set_patient_id(patient);
    unlink->set_other_patient_id(other);
    unlink->set_reason("not the same person after all");
    return engine_->Execute(command);
  }

  IndexMap Index(const std::string& patient) {
    return *IndexEntries(*engine_->LoadState(patient), *plugins_);
  }
};

TEST_F(PatientLinksTest, AMergedDuplicateTakesNoWorkUntilItIsUnmerged) {
  const std::string duplicate = NewPatient("dup");
  const std::string kept = NewPatient("kept");
  const std::string born = engine_->LoadState(duplicate)->patient().birth_date();
  ASSERT_TRUE(Index(duplicate).contains(store::PersonByBirthDateKey(born, duplicate)));

  ASSERT_TRUE(Link("merge", duplicate, kept, v1::LINK_MODE_MERGE).ok());
  v1::PatientState merged = *engine_->LoadState(duplicate);
  EXPECT_EQ(merged.patient().merged_into(), kept);
  // Out of the index, so finding the person finds the record that stays;
  // the record that stays is told who was merged into it.
  IndexMap index = Index(duplicate);
  EXPECT_FALSE(index.contains(store::PersonByBirthDateKey(born, duplicate)));
  EXPECT_TRUE(index.contains(store::LinkToKey(kept, duplicate)));
  absl::Status refused = engine_->Execute(OpenCase("case", duplicate)).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr(absl::StrCat("merged into ", kept)));

  ASSERT_TRUE(Unlink("unmerge", duplicate, kept).ok());
  EXPECT_EQ(engine_->LoadState(duplicate)->patient().merged_into(), "");
  EXPECT_TRUE(Index(duplicate).contains(store::PersonByBirthDateKey(born, duplicate)));
  EXPECT_TRUE(engine_->Execute(OpenCase("case-after", duplicate)).ok());
  // The log holds the merge and its undoing; replay agrees with the state.
  EXPECT_EQ(Replay(*engine_->LoadEvents(duplicate))->SerializeAsString(),
            engine_->LoadState(duplicate)->SerializeAsString());
}

TEST_F(PatientLinksTest, ARecordWithOpenWorkCanBeLinkedButNotMerged) {
  const std::string treated = NewPatient("treated");
  const std::string other = NewPatient("other");
  ASSERT_TRUE(engine_->Execute(OpenCase("case", treated)).ok());
  absl::Status refused = Link("merge", treated, other, v1::LINK_MODE_MERGE).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("is open"));
  ASSERT_TRUE(Link("link", treated, other, v1::LINK_MODE_LINK).ok());
  // Linked, it goes on working.
  EXPECT_TRUE(engine_->Execute(RecordAnc("lab", treated, 2.5)).ok());
  EXPECT_EQ(Link("again", treated, other, v1::LINK_MODE_LINK).status().code(),
            absl::StatusCode::kAlreadyExists);
}

TEST_F(PatientLinksTest, LinksAreCheckedFieldByField) {
  const std::string patient = NewPatient("p");
  EXPECT_THAT(Link("self", patient, patient, v1::LINK_MODE_LINK).status().message(),
              HasSubstr("same record"));
  EXPECT_THAT(Link("mode", patient, "p0000000000ab", v1::LINK_MODE_UNSPECIFIED).status().message(),
              HasSubstr("mode"));
  EXPECT_THAT(Link("bad", patient, "not-a-patient", v1::LINK_MODE_LINK).status().message(),
              HasSubstr("other_patient_id"));
  EXPECT_EQ(Unlink("none", patient, "p0000000000ab").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace casehub::engine
