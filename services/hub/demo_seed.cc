#include "services/hub/demo_seed.h"

#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "casehub/status_macros.h"
#include "services/engine/field_rules.h"

namespace casehub::hub {
namespace {

struct DemoPatient {
  const char* site;
  const char* name;
  v1::Sex sex;
  const char* birth_date;
  const char* icd10;       // "" for no case yet
  double anc;              // 0 for no lab result
  const char* regimen;     // "" for no chemotherapy; else cycle 1 is started
  // The case's way along its pathway, as a case manager would record it:
  // "key=value" records case data, ">stage" moves the case on.
  const char* pathway;
};

// Fictional people at the fictional sites of deploy/casehub.demo.textproto.
// The dates are in the autumn of 2026, before any day the demo can run.
constexpr DemoPatient kPatients[] = {
    {"jc-hub", "王建国", v1::SEX_MALE, "1958-03-12", "C34.1", 0.8, "",
     "diagnosis_date=2026-10-12 histology=squamous >staging"},
    {"jc-hub", "陈丽", v1::SEX_FEMALE, "1971-09-30", "C34.3", 2.4, "lung.ep",
     "diagnosis_date=2026-10-08 histology=adenocarcinoma >staging tnm_t=T2a tnm_n=N2 tnm_m=M0 "
     "stage_group=IIIA ecog=1 egfr=negative alk=negative >mdt mdt_date=2026-10-20 "
     "treatment_plan=chemoradiotherapy treatment_intent=curative >treatment"},
    {"qs-county", "李秀英", v1::SEX_FEMALE, "1966-07-21", "C34.9", 1.6, "", ""},
    {"ls-county", "张伟", v1::SEX_MALE, "1972-11-02", "", 0, "", ""},
    {"jc-hub", "刘芳", v1::SEX_FEMALE, "1969-05-14", "C50.4", 0, "",
     "diagnosis_date=2026-10-15 histology=invasive_ductal >staging tnm_t=T2 tnm_n=N0 tnm_m=M0 "
     "stage_group=IIA ecog=0 er_percent=90 pr_percent=60 her2_ihc=1+ ki67_percent=20 "
     "menopausal_status=postmenopausal treatment_plan=surgery treatment_intent=curative "
     ">treatment treatment_end_date=2026-11-10 >follow_up"},
    {"ls-county", "赵强", v1::SEX_MALE, "1961-12-01", "C16.3", 0, "",
     "diagnosis_date=2026-11-03 histology=adenocarcinoma"},
    {"qs-county", "孙梅", v1::SEX_FEMALE, "1975-02-27", "C53.9", 0, "",
     "diagnosis_date=2026-10-28 histology=squamous >staging primary_site=cervix "
     "figo_stage=IB2 ecog=0 hpv=positive"},
};

v1::Command As(const char* site) {
  v1::Command command;
  command.mutable_actor()->set_principal_id("demo-seed");
  command.mutable_actor()->set_site_id(site);
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
  return command;
}

// The steps the myelosuppression module requires before cycle 1: the FN risk
// assessment (every risk factor of its form answered "no") and the consent;
// then cycle 1 of four, planned for `planned_date`, at full dose.
absl::Status StartFirstCycle(engine::Engine& engine, const DemoPatient& demo,
                             const std::string& tag, const std::string& case_id,
                             const std::string& planned_date) {
  static constexpr const char* kFactors[] = {
      "age_gt_65_full_dose",    "prior_chemo_or_rt",         "persistent_neutropenia",
      "bone_marrow_involvement", "recent_surgery_open_wound", "liver_dysfunction",
      "renal_dysfunction",      "prior_FN",                  "poor_ps_or_nutrition",
      "advanced_disease",       "active_infection",          "cardiovascular_disease",
      "multiple_comorbidities", "HIV"};
  v1::Command assess = As(demo.site);
  v1::RecordFnRiskAssessmentRequest* assessment = assess.mutable_record_fn_risk_assessment();
  assessment->mutable_meta()->set_request_id(tag + "assess-1");
  assessment->set_case_id(case_id);
  assessment->set_cycle_number(1);
  assessment->set_regimen_id(demo.regimen);
  for (const char* factor : kFactors) assessment->add_answers()->set_key(factor);
  RETURN_IF_ERROR(engine.Execute(assess).status());

  v1::Command consent = As(demo.site);
  consent.mutable_record_chemo_consent()->mutable_meta()->set_request_id(tag + "consent-1");
  consent.mutable_record_chemo_consent()->set_case_id(case_id);
  consent.mutable_record_chemo_consent()->set_cycle_number(1);
  consent.mutable_record_chemo_consent()->set_document_ref("ICF-DEMO-0001");
  RETURN_IF_ERROR(engine.Execute(consent).status());

  v1::Command start = As(demo.site);
  v1::StartChemoCycleRequest* cycle = start.mutable_start_chemo_cycle();
  cycle->mutable_meta()->set_request_id(tag + "cycle-1");
  cycle->set_case_id(case_id);
  cycle->set_cycle_number(1);
  cycle->set_regimen_id(demo.regimen);
  cycle->set_planned_start_date(planned_date);
  cycle->set_planned_cycles(4);
  cycle->set_cycle_length_days(21);
  // Etoposide 100 mg/m2 on days 1-3 and carboplatin AUC 5 (a flat dose).
  for (const auto& [drug, unit, dose] : {std::tuple("etoposide", "mg/m2", 300.0),
                                         std::tuple("carboplatin", "mg", 500.0)}) {
    v1::CycleDose* given = cycle->add_doses();
    given->set_drug(drug);
    given->set_unit(unit);
    given->set_planned_dose(dose);
    given->set_delivered_dose(dose);
  }
  return engine.Execute(start).status();
}

// Records the demo's case data and stage changes in order: the facts before
// a ">stage" go in one RecordCaseData, as a form would send them.
absl::Status WalkPathway(engine::Engine& engine, const DemoPatient& demo, const std::string& tag,
                         const std::string& case_id) {
  v1::Command data = As(demo.site);
  int step = 0;
  auto flush = [&]() -> absl::Status {
    if (data.record_case_data().facts().empty()) return absl::OkStatus();
    v1::RecordCaseDataRequest* request = data.mutable_record_case_data();
    request->mutable_meta()->set_request_id(absl::StrCat(tag, "data-", ++step));
    request->set_case_id(case_id);
    RETURN_IF_ERROR(engine.Execute(data).status());
    data = As(demo.site);
    return absl::OkStatus();
  };
  for (absl::string_view token : absl::StrSplit(demo.pathway, ' ', absl::SkipEmpty())) {
    if (absl::ConsumePrefix(&token, ">")) {
      RETURN_IF_ERROR(flush());
      v1::Command stage = As(demo.site);
      stage.mutable_change_case_stage()->mutable_meta()->set_request_id(
          absl::StrCat(tag, "stage-", token));
      stage.mutable_change_case_stage()->set_case_id(case_id);
      stage.mutable_change_case_stage()->set_to_stage(std::string(token));
      RETURN_IF_ERROR(engine.Execute(stage).status());
      continue;
    }
    std::pair<std::string, std::string> fact = absl::StrSplit(token, absl::MaxSplits('=', 1));
    v1::CaseFact* recorded = data.mutable_record_case_data()->add_facts();
    recorded->set_key(fact.first);
    recorded->set_value(fact.second);
  }
  return flush();
}

}  // namespace

absl::Status SeedDemoPatients(engine::Engine& engine) {
  int index = 0;
  for (const DemoPatient& demo : kPatients) {
    const std::string tag = absl::StrCat("demo-seed:", ++index, ":");
    v1::Command registration = As(demo.site);
    v1::RegisterPatientRequest* request = registration.mutable_register_patient();
    request->mutable_meta()->set_request_id(tag + "register");
    request->mutable_patient()->set_name(demo.name);
    request->mutable_patient()->set_sex(demo.sex);
    request->mutable_patient()->set_birth_date(demo.birth_date);
    ASSIGN_OR_RETURN(v1::CommandOutcome registered, engine.Execute(registration));
    const std::string& patient_id = registered.patient_id();
    // What follows is stamped at the registration's time, so a second
    // seeding sends identical requests and each is recognized as a retry.
    ASSIGN_OR_RETURN(std::vector<v1::Event> events, engine.LoadEvents(patient_id));
    const google::protobuf::Timestamp& registered_at = events.front().recorded_at();

    std::string case_id;
    if (*demo.icd10 != '\0') {
      v1::Command open = As(demo.site);
      open.mutable_open_case()->mutable_meta()->set_request_id(tag + "case");
      open.mutable_open_case()->set_patient_id(patient_id);
      open.mutable_open_case()->mutable_diagnosis()->set_code(demo.icd10);
      ASSIGN_OR_RETURN(v1::CommandOutcome opened, engine.Execute(open));
      case_id = opened.entity_id();
      RETURN_IF_ERROR(WalkPathway(engine, demo, tag, case_id));
    }
    if (*demo.regimen != '\0') {
      RETURN_IF_ERROR(StartFirstCycle(
          engine, demo, tag, case_id,
          absl::FormatTime("%Y-%m-%d", engine::ToAbslTime(registered_at), absl::UTCTimeZone())));
    }
    if (demo.anc > 0) {
      v1::Command lab = As(demo.site);
      v1::RecordLabResultRequest* record = lab.mutable_record_lab_result();
      record->mutable_meta()->set_request_id(tag + "anc");
      record->set_patient_id(patient_id);
      v1::LabResult* result = record->mutable_result();
      result->mutable_code()->set_code("751-8");
      result->mutable_code()->set_display("Neutrophils [#/volume] in Blood by Automated count");
      result->set_value(demo.anc);
      result->set_unit("10*9/L");
      result->set_reference_low(2.0);
      result->set_reference_high(7.5);
      result->set_case_id(case_id);
      *result->mutable_observed_at() = registered_at;
      RETURN_IF_ERROR(engine.Execute(lab).status());
    }
  }
  return absl::OkStatus();
}

absl::Status SeedDemoPrincipals(auth::PrincipalDirectory& principals) {
  struct DemoPrincipal {
    const char* id;
    const char* name;
    const char* site;
    std::vector<v1::Role> roles;
  };
  // The tour's "demo" user holds every clinical role, so one login walks
  // the whole pathway; the others show what each role may do.
  const DemoPrincipal people[] = {
      {"demo", "演示 Demo Clinician", "jc-hub",
       {v1::ROLE_CASE_MANAGER, v1::ROLE_PHYSICIAN, v1::ROLE_NURSE, v1::ROLE_PHARMACIST}},
      {"li.nurse", "李护士 Nurse Li", "jc-hub", {v1::ROLE_NURSE}},
      {"wang.pharm", "王药师 Pharmacist Wang", "jc-hub", {v1::ROLE_PHARMACIST}},
      {"he.doctor", "何医生 Dr He", "jc-hub", {v1::ROLE_PHYSICIAN}},
      {"audit.jc", "审计 Auditor", "jc-hub", {v1::ROLE_AUDITOR}},
      {"admin.jc", "江城管理员 Site Admin", "jc-hub", {v1::ROLE_SITE_ADMIN}},
      {"netadmin", "网络管理员 Network Admin", "jc-hub", {v1::ROLE_NETWORK_ADMIN}},
      {"chen.qs", "陈个案管理师 Case Manager Chen", "qs-county",
       {v1::ROLE_CASE_MANAGER, v1::ROLE_NURSE}},
      {"zhao.ls", "赵医生 Dr Zhao", "ls-county",
       {v1::ROLE_CASE_MANAGER, v1::ROLE_PHYSICIAN, v1::ROLE_NURSE}},
  };
  for (const DemoPrincipal& person : people) {
    if (principals.Find(person.id)) continue;
    v1::Principal principal;
    principal.set_id(person.id);
    principal.set_display_name(person.name);
    principal.set_site_id(person.site);
    for (v1::Role role : person.roles) principal.add_roles(role);
    RETURN_IF_ERROR(principals.Create(principal, kDemoPassword, "demo-seed").status());
  }
  return absl::OkStatus();
}

}  // namespace casehub::hub
