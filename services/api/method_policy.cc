#include "services/api/method_policy.h"

#include "absl/container/flat_hash_map.h"

namespace casehub::api {
namespace {

using enum v1::Role;

// People who care for patients; each row below narrows it where the
// programs give a task to one profession.
const std::vector<v1::Role> kClinical = {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE,
                                         ROLE_PHARMACIST};

std::vector<MethodPolicy> BuildPolicies() {
  return {
      // Anyone signed in: the network's shape and the installed plugins.
      {"/casehub.v1.SiteService/ListSites", {}},
      {"/casehub.v1.SiteService/GetSite", {}},
      {"/casehub.v1.SiteService/ListAgreements", {}},
      {"/casehub.v1.PluginService/ListPlugins", {}},
      {"/casehub.v1.AuthService/Logout", {}},
      {"/casehub.v1.AuthService/WhoAmI", {}},
      // People: administrators; anyone may change their own password
      // (the handler tells the two apart).
      {"/casehub.v1.PrincipalService/CreatePrincipal", {ROLE_SITE_ADMIN, ROLE_NETWORK_ADMIN}},
      {"/casehub.v1.PrincipalService/UpdatePrincipal", {ROLE_SITE_ADMIN, ROLE_NETWORK_ADMIN}},
      {"/casehub.v1.PrincipalService/SetPassword", {}},
      {"/casehub.v1.PrincipalService/RevokeTokens", {ROLE_SITE_ADMIN, ROLE_NETWORK_ADMIN}},
      {"/casehub.v1.PrincipalService/ListPrincipals", {ROLE_SITE_ADMIN, ROLE_NETWORK_ADMIN}},
      // Patients. Integrations (HIS) register patients; break the glass is
      // for those who treat.
      {"/casehub.v1.PatientService/RegisterPatient",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION}},
      {"/casehub.v1.PatientService/GetPatient", kClinical},
      {"/casehub.v1.PatientService/ListPatients", kClinical},
      {"/casehub.v1.PatientService/BreakGlass", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      // The master patient index: finding is for whoever registers and
      // treats; linking and merging records is the case managers' and
      // physicians'.
      {"/casehub.v1.PatientService/FindPatients",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION}},
      {"/casehub.v1.PatientService/LinkPatients", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.PatientService/UnlinkPatients", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      // Cases: opened, staged and documented by case managers and physicians.
      {"/casehub.v1.CaseService/OpenCase", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.CaseService/GetCase", kClinical},
      {"/casehub.v1.CaseService/ChangeCaseStage", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.CaseService/RecordCaseData", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.CaseService/ListCases", kClinical},
      // Referrals: case managers and physicians ask, answer and complete;
      // the whole care team sees them.
      {"/casehub.v1.ReferralService/RequestReferral", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.ReferralService/AcceptReferral", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.ReferralService/DeclineReferral", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.ReferralService/CancelReferral", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.ReferralService/CompleteReferral", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN}},
      {"/casehub.v1.ReferralService/ListReferrals", kClinical},
      // Results come from the laboratory system (integration) or by hand.
      {"/casehub.v1.ClinicalService/RecordLabResult",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION}},
      {"/casehub.v1.ClinicalService/RecordLabResults",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION}},
      {"/casehub.v1.TaskService/ListWorklist", kClinical},
      {"/casehub.v1.TaskService/CompleteTask", kClinical},
      // Critical values: the nursing side closes the loop, with physicians
      // and case managers.
      {"/casehub.v1.AlertService/ListAlerts", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.AlertService/WatchAlerts", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.AlertService/AcknowledgeAlert",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.AlertService/RecordAlertIntervention",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.AlertService/CloseAlert", {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      // Chemotherapy: assessments and consent by the treating team; cycles
      // started by physicians and nurses; G-CSF recorded by pharmacists,
      // physicians and nurses.
      {"/casehub.v1.ChemoService/RecordFnRiskAssessment",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.ChemoService/RecordChemoConsent",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.ChemoService/StartChemoCycle", {ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.ChemoService/RecordFebrileEpisode", {ROLE_PHYSICIAN, ROLE_NURSE}},
      {"/casehub.v1.ChemoService/RecordProphylaxis", {ROLE_PHARMACIST, ROLE_PHYSICIAN, ROLE_NURSE}},
      // Reports name the patients behind each figure: clinical staff only.
      {"/casehub.v1.ReportService/GetMyeloReport", kClinical},
      {"/casehub.v1.ReportService/GetIndicatorReport", kClinical},
      {"/casehub.v1.ReportService/ListIndicatorItems", kClinical},
      // The network view has figures only, no patients: also for the
      // network's administrators.
      {"/casehub.v1.ReportService/GetNetworkReport",
       {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_PHARMACIST, ROLE_NETWORK_ADMIN}},
      // The trail is the auditors'.
      {"/casehub.v1.AuditService/QueryAudit", {ROLE_AUDITOR}},
      // Operating the hub.
      {"/casehub.v1.AdminService/Verify", {ROLE_NETWORK_ADMIN}},
      {"/casehub.v1.AdminService/Backup", {ROLE_NETWORK_ADMIN}},
  };
}

}  // namespace

const std::vector<MethodPolicy>& MethodPolicies() {
  static const std::vector<MethodPolicy>* const kPolicies =
      new std::vector<MethodPolicy>(BuildPolicies());
  return *kPolicies;
}

const MethodPolicy* FindMethodPolicy(absl::string_view method) {
  // Asked on every call: a map over the table, built once.
  static const absl::flat_hash_map<absl::string_view, const MethodPolicy*>* const kByMethod = [] {
    auto* by_method = new absl::flat_hash_map<absl::string_view, const MethodPolicy*>();
    for (const MethodPolicy& policy : MethodPolicies()) (*by_method)[policy.method] = &policy;
    return by_method;
  }();
  auto found = kByMethod->find(method);
  return found == kByMethod->end() ? nullptr : found->second;
}

}  // namespace casehub::api
