#include "tools/casectl/event_summary.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/casectl/format.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

// " (text)" when there is text to add.
std::string Aside(const std::string& text) {
  return text.empty() ? "" : absl::StrCat(" (", text, ")");
}

}  // namespace

std::string SummarizeEvent(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kPatientRegistered:
      return absl::StrCat("patient registered: ",
                          event.patient_registered().patient().name());
    case v1::Event::kCaseOpened: {
      const v1::Case& kase = event.case_opened().case_();
      return absl::StrCat("case opened ", kase.diagnosis().code(),
                          Aside(kase.tumor_type()));
    }
    case v1::Event::kCaseStageChanged: {
      const v1::CaseStageChanged& change = event.case_stage_changed();
      return absl::StrCat("stage ", change.from_stage(), " → ",
                          change.to_stage(), Aside(change.reason()));
    }
    case v1::Event::kCaseDataRecorded: {
      std::vector<std::string> facts;
      for (const v1::CaseFact& fact : event.case_data_recorded().facts()) {
        facts.push_back(absl::StrCat(fact.key(), "=", fact.value()));
      }
      return absl::StrCat("case data: ", absl::StrJoin(facts, ", "));
    }
    case v1::Event::kTaskCancelled:
      return absl::StrCat("task cancelled: ", event.task_cancelled().task_id(),
                          Aside(event.task_cancelled().reason()));
    case v1::Event::kLabResultRecorded: {
      const v1::LabResult& result = event.lab_result_recorded().result();
      return absl::StrCat("lab ", result.code().code(), " = ",
                          FormatNumber(result.value()), " ", result.unit());
    }
    case v1::Event::kTaskCreated:
      return absl::StrCat("task created: ",
                          event.task_created().task().title());
    case v1::Event::kTaskCompleted:
      return absl::StrCat("task completed: ", event.task_completed().task_id(),
                          Aside(event.task_completed().note()));
    case v1::Event::kTaskBecameOverdue:
      return absl::StrCat("task overdue: ",
                          event.task_became_overdue().task_id());
    case v1::Event::kLabResultGraded: {
      const v1::LabResultGraded& graded = event.lab_result_graded();
      return absl::StrCat(absl::AsciiStrToUpper(graded.analyte()), " ",
                          FormatNumber(graded.value()), " ", graded.unit(),
                          " graded G", graded.grade(),
                          Aside(graded.grading_system()));
    }
    case v1::Event::kAlertRaised:
      return absl::StrCat("ALERT raised: ",
                          event.alert_raised().alert().message());
    case v1::Event::kAlertAcknowledged: {
      const v1::AlertAcknowledged& acknowledged = event.alert_acknowledged();
      return absl::StrCat("alert ", acknowledged.alert_id(), " acknowledged",
                          Aside(acknowledged.note()));
    }
    case v1::Event::kAlertIntervened: {
      const v1::AlertIntervened& intervened = event.alert_intervened();
      return absl::StrCat("alert ", intervened.alert_id(),
                          " intervention: ", intervened.intervention());
    }
    case v1::Event::kAlertClosed: {
      const v1::AlertClosed& closed = event.alert_closed();
      return absl::StrCat("alert ", closed.alert_id(), " closed",
                          Aside(closed.closing_note()));
    }
    case v1::Event::kAlertEscalated: {
      const v1::AlertEscalated& escalated = event.alert_escalated();
      const std::string role = EnumWord(escalated.escalated_to_role());
      return absl::StrCat("alert ", escalated.alert_id(), " escalated",
                          role.empty() ? "" : absl::StrCat(" to ", role));
    }
    case v1::Event::kFnRiskAssessmentRecorded: {
      const v1::FnRiskAssessment& assessment =
          event.fn_risk_assessment_recorded().assessment();
      return absl::StrCat("FN risk assessment for cycle ",
                          assessment.cycle_number(),
                          Aside(assessment.regimen_id()));
    }
    case v1::Event::kFnRiskAssessed: {
      const v1::FnRiskAssessed& assessed = event.fn_risk_assessed();
      return absl::StrCat(
          "FN risk ", absl::AsciiStrToUpper(EnumWord(assessed.overall_risk())),
          ": ", RecommendationWords(assessed.recommendation()));
    }
    case v1::Event::kChemoConsentRecorded: {
      const v1::ChemoConsent& consent =
          event.chemo_consent_recorded().consent();
      return absl::StrCat("consent for cycle ", consent.cycle_number(),
                          Aside(consent.document_ref()));
    }
    case v1::Event::kChemoCycleStarted: {
      const v1::ChemoCycle& cycle = event.chemo_cycle_started().cycle();
      return absl::StrCat("cycle ", cycle.cycle_number(), " started",
                          Aside(cycle.regimen_id()));
    }
    case v1::Event::kFebrileEpisodeRecorded: {
      const v1::FebrileEpisode& episode = event.febrile_episode_recorded().episode();
      return absl::StrCat("fever ", FormatNumber(episode.temperature_c()), " °C, ANC ",
                          FormatNumber(episode.anc()));
    }
    case v1::Event::kFebrileEpisodeAssessed: {
      const v1::FebrileEpisodeAssessed& result = event.febrile_episode_assessed();
      std::string mascc =
          result.has_mascc_score()
              ? absl::StrCat(", MASCC ", result.mascc_score(),
                             result.mascc_low_risk() ? " (low risk)" : " (high risk)")
              : "";
      return absl::StrCat(result.febrile_neutropenia() ? "febrile neutropenia confirmed"
                                                       : "not febrile neutropenia",
                          mascc);
    }
    case v1::Event::kProphylaxisRecorded: {
      const v1::ProphylaxisAdministration& given = event.prophylaxis_recorded().administration();
      return absl::StrCat("G-CSF ", given.drug(), " ", FormatNumber(given.dose()), " ",
                          given.dose_unit(), ", cycle ", given.cycle_number());
    }
    case v1::Event::kProphylaxisReviewed:
      return event.prophylaxis_reviewed().needs_pharmacist_review()
                 ? "G-CSF dose sent to pharmacist review"
                 : "G-CSF dose reviewed: within label";
    case v1::Event::kManagementGradeSet: {
      const v1::ManagementGrade& grade = event.management_grade_set().grade();
      return absl::StrCat("management level ", grade.level(), ": ", grade.bedside_label());
    }
    case v1::Event::kEmergencyAccessGranted: {
      const v1::EmergencyAccess& access = event.emergency_access_granted().access();
      return absl::StrCat("EMERGENCY ACCESS for ", access.principal_id(), " at ",
                          access.site_id(), " until ", FormatTime(access.expires_at()),
                          Aside(access.reason()));
    }
    case v1::Event::kReferralRequested: {
      const v1::Referral& referral = event.referral_requested().referral();
      return absl::StrCat("referral ", referral.id(), " (", EnumWord(referral.kind()), ") of ",
                          referral.case_id(), ": ", referral.from_site_id(), " → ",
                          referral.to_site_id(), Aside(referral.reason()));
    }
    case v1::Event::kReferralAnswered:
      return absl::StrCat("referral ", event.referral_answered().referral_id(), " ",
                          EnumWord(event.referral_answered().status()),
                          Aside(event.referral_answered().note()));
    case v1::Event::kReferralCompleted:
      return absl::StrCat("referral ", event.referral_completed().referral_id(), " completed",
                          Aside(event.referral_completed().summary()));
    case v1::Event::kPatientLinked: {
      const v1::PatientLink& link = event.patient_linked().link();
      return absl::StrCat(link.mode() == v1::LINK_MODE_MERGE ? "merged into " : "linked to ",
                          link.other_patient_id(), Aside(link.reason()));
    }
    case v1::Event::kPatientUnlinked:
      return absl::StrCat("unlinked from ", event.patient_unlinked().other_patient_id(),
                          Aside(event.patient_unlinked().reason()));
    case v1::Event::BODY_NOT_SET:
      break;
  }
  // An event kind added to the contract after this build.
  return "unrecognized event";
}

std::string EventAuthor(const v1::Event& event) {
  return event.plugin_id().empty() ? event.actor().principal_id()
                                   : event.plugin_id();
}

}  // namespace casehub::casectl
