#include "tools/bench/patient_history.h"

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "casehub/follow_up.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"
#include "services/store/keys.h"
#include "tools/bench/case_plan.h"
#include "tools/bench/chemo_course.h"
#include "tools/bench/patient_writer.h"
#include "tools/bench/synthetic_random.h"

namespace casehub::bench {
namespace {

const absl::TimeZone kUtc = absl::UTCTimeZone();

std::string Today(const PatientWriter& writer) {
  return absl::FormatCivilTime(absl::ToCivilDay(writer.Now(), kUtc));
}

// A made-up name in the usual shape: a common surname and one or two
// given-name characters.
std::string SyntheticName(Random& random) {
  std::string name = Pick(random, {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
                                   "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗"});
  const int given = Between(random, 1, 2);
  for (int i = 0; i < given; ++i) {
    absl::StrAppend(&name, Pick(random, {"伟", "芳", "娜", "英", "敏", "静", "丽", "强", "磊",
                                         "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
                                         "兰", "霞", "平", "刚", "华", "梅"}));
  }
  return name;
}

absl::Status RecordFacts(PatientWriter& writer, const std::string& case_id, const Facts& facts) {
  v1::Command command;
  v1::RecordCaseDataRequest& request = *command.mutable_record_case_data();
  request.set_case_id(case_id);
  for (const auto& [key, value] : facts) {
    v1::CaseFact& fact = *request.add_facts();
    fact.set_key(key);
    fact.set_value(value);
  }
  return writer.Execute(std::move(command)).status();
}

absl::Status ChangeStage(PatientWriter& writer, const std::string& case_id,
                         const std::string& stage) {
  v1::Command command;
  command.mutable_change_case_stage()->set_case_id(case_id);
  command.mutable_change_case_stage()->set_to_stage(stage);
  return writer.Execute(std::move(command)).status();
}

// Each follow-up visit is completed inside its window, which opens the
// next; now and then a patient stops coming.
absl::Status AttendFollowUp(PatientWriter& writer, Random& random, const std::string& case_id,
                            const std::string& visit_kind) {
  while (Chance(random, 0.85)) {
    ASSIGN_OR_RETURN(v1::PatientState state, writer.State());
    const v1::Task* visit = nullptr;
    for (const v1::Task& task : state.tasks()) {
      if (task.case_id() == case_id && task.kind() == visit_kind &&
          task.status() == v1::TASK_STATUS_OPEN) {
        visit = &task;
      }
    }
    if (visit == nullptr) return absl::OkStatus();
    const absl::Time opens = engine::ToAbslTime(visit->window_start());
    const absl::Time due = engine::ToAbslTime(visit->due_at());
    if (!writer.MoveTo(opens + (due - opens) * Between(random, 0.0, 1.0))) return absl::OkStatus();
    v1::Command command;
    command.mutable_complete_task()->set_task_id(visit->id());
    command.mutable_complete_task()->set_note("seen in clinic, no evidence of disease");
    RETURN_IF_ERROR(writer.Execute(std::move(command)).status());
  }
  return absl::OkStatus();
}

// The case from diagnosis to the end of treatment and beyond; returns early
// (successfully) when the history ends on the way.
absl::Status WalkCase(PatientWriter& writer, Random& random, const CasePlan& plan,
                      const std::string& case_id, bool older_than_65) {
  Facts diagnosis = plan.diagnosis;
  diagnosis.emplace_back(
      "diagnosis_date",
      absl::FormatCivilTime(absl::ToCivilDay(writer.Now(), kUtc) - Between(random, 0, 20)));
  RETURN_IF_ERROR(RecordFacts(writer, case_id, diagnosis));
  RETURN_IF_ERROR(ChangeStage(writer, case_id, "staging"));

  if (!writer.Advance(absl::Hours(24 * Between(random, 3, 14)))) return absl::OkStatus();
  RETURN_IF_ERROR(RecordFacts(writer, case_id, plan.staging));
  const Facts decision = {{"treatment_plan", plan.treatment_plan},
                          {"treatment_intent", plan.metastatic ? "palliative" : "curative"}};
  if (plan.discussed_at_mdt) {
    RETURN_IF_ERROR(ChangeStage(writer, case_id, "mdt"));
    if (!writer.Advance(absl::Hours(24 * Between(random, 2, 10)))) return absl::OkStatus();
    Facts discussed = decision;
    discussed.emplace_back("mdt_date", Today(writer));
    RETURN_IF_ERROR(RecordFacts(writer, case_id, discussed));
  } else {
    RETURN_IF_ERROR(RecordFacts(writer, case_id, decision));
  }
  if (!writer.Advance(absl::Hours(24 * Between(random, 1, 14)))) return absl::OkStatus();
  RETURN_IF_ERROR(ChangeStage(writer, case_id, "treatment"));

  if (plan.chemotherapy) {
    RETURN_IF_ERROR(RunChemoCourse(writer, random, case_id, plan, older_than_65));
  }
  if (!writer.Advance(absl::Hours(24 * Between(random, 14, 120)))) return absl::OkStatus();
  if (plan.metastatic) {
    return Chance(random, 0.5) ? ChangeStage(writer, case_id, "palliative") : absl::OkStatus();
  }
  RETURN_IF_ERROR(RecordFacts(writer, case_id, {{"treatment_end_date", Today(writer)}}));
  RETURN_IF_ERROR(ChangeStage(writer, case_id, "follow_up"));
  return AttendFollowUp(writer, random, case_id, sdk::FollowUpTaskKind(plan.tumor_type));
}

// The prefix of the request ids of patient number `patient`; PatientWriter
// numbers them from 1, the registration first.
std::string RequestPrefix(const PopulationSpec& spec, uint64_t patient) {
  return absl::StrCat("populate:", spec.seed, ":", patient, ":");
}

}  // namespace

absl::StatusOr<bool> PatientWritten(const store::Store& store, const PopulationSpec& spec,
                                    uint64_t patient) {
  ASSIGN_OR_RETURN(std::optional<std::string> registration,
                   store.Get(store::Family::kRequests,
                             store::RequestKey(absl::StrCat(RequestPrefix(spec, patient), 1))));
  return registration.has_value();
}

absl::StatusOr<uint64_t> PopulatePatient(engine::Engine& engine, ManualClock& clock,
                                         const PopulationSpec& spec, uint64_t patient) {
  Random random = RandomForPatient(spec.seed, patient);
  const std::string& site =
      spec.site_ids[absl::Uniform<size_t>(random, 0, spec.site_ids.size())];
  const absl::CivilDay registered_on =
      absl::ToCivilDay(spec.history_end, kUtc) - Between(random, 2, 3 * 365);
  clock.Set(absl::FromCivil(registered_on, kUtc) + absl::Minutes(Between(random, 8 * 60, 17 * 60)));
  PatientWriter writer(engine, clock, spec.history_end, site, RequestPrefix(spec, patient));

  const CasePlan plan = PlanCase(random);
  const int age = Between(random, 35, 85);
  const bool female = plan.tumor_type == "breast" || plan.tumor_type == "gynecologic" ||
                      Chance(random, 0.4);
  v1::Command registration;
  v1::Patient& person = *registration.mutable_register_patient()->mutable_patient();
  person.set_name(SyntheticName(random));
  person.set_sex(female ? v1::SEX_FEMALE : v1::SEX_MALE);
  person.set_birth_date(
      absl::FormatCivilTime(registered_on - (age * 365 + Between(random, 0, 364))));
  person.set_medical_record_number(absl::StrCat("MRN", 10000000 + patient));
  RETURN_IF_ERROR(writer.Execute(std::move(registration)).status());

  if (writer.Advance(absl::Minutes(Between(random, 5, 30)))) {
    v1::Command open;
    open.mutable_open_case()->set_patient_id(writer.patient_id());
    open.mutable_open_case()->mutable_diagnosis()->set_code(plan.icd10);
    ASSIGN_OR_RETURN(v1::CommandOutcome opened, writer.Execute(std::move(open)));
    RETURN_IF_ERROR(WalkCase(writer, random, plan, opened.entity_id(), age > 65));
  }
  return writer.events();
}

}  // namespace casehub::bench
