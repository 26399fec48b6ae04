#include "tools/bench/alert_loop.h"

#include "absl/strings/str_cat.h"
#include "casehub/status_macros.h"
#include "tools/bench/lab_result_request.h"

namespace casehub::bench {

absl::Status RunCriticalValueLoop(const CasehubTarget& target, const AlertLoopStubs& stubs,
                                  absl::BitGen& random, const std::string& patient_id) {
  const v1::RecordLabResultRequest critical = NewCriticalAncResult(patient_id, random);
  v1::RecordLabResultResponse recorded;
  RETURN_IF_ERROR(CallHub(target, stubs.clinical, &v1::ClinicalService::Stub::RecordLabResult,
                          critical, recorded));

  // The nurse opens the patient (without the timeline) and finds the alert
  // the result raised.
  v1::GetPatientRequest open;
  open.set_patient_id(patient_id);
  v1::PatientView view;
  RETURN_IF_ERROR(
      CallHub(target, stubs.patients, &v1::PatientService::Stub::GetPatient, open, view));
  std::string alert_id;
  for (const v1::Alert& alert : view.state().alerts()) {
    if (alert.raised_by_seq() != recorded.event_seq()) continue;
    alert_id = alert.id();
    break;
  }
  if (alert_id.empty()) {
    return absl::InternalError(absl::StrCat("alert_loop: the critical ANC of ", patient_id,
                                            " (event ", recorded.event_seq(), ") raised no alert"));
  }

  v1::AcknowledgeAlertRequest acknowledge;
  acknowledge.mutable_meta()->set_request_id(NewRequestId(random));
  acknowledge.set_alert_id(alert_id);
  acknowledge.set_note(absl::StrCat("ANC ", kCriticalAnc, " read back to the laboratory"));
  v1::Alert alert;
  RETURN_IF_ERROR(
      CallHub(target, stubs.alerts, &v1::AlertService::Stub::AcknowledgeAlert, acknowledge, alert));

  v1::RecordAlertInterventionRequest intervene;
  intervene.mutable_meta()->set_request_id(NewRequestId(random));
  intervene.set_alert_id(alert_id);
  intervene.set_intervention("protective isolation; G-CSF ordered; temperature every 4 h");
  RETURN_IF_ERROR(CallHub(target, stubs.alerts, &v1::AlertService::Stub::RecordAlertIntervention,
                          intervene, alert));

  v1::CloseAlertRequest close;
  close.mutable_meta()->set_request_id(NewRequestId(random));
  close.set_alert_id(alert_id);
  close.set_closing_note("ANC recheck ordered for tomorrow");
  return CallHub(target, stubs.alerts, &v1::AlertService::Stub::CloseAlert, close, alert);
}

}  // namespace casehub::bench
