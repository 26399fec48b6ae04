// The authorization matrix, through the real hub: every RPC, called by a
// principal of each role at the hub hospital (jc-hub), on data of its own
// site, of a collaborator it supervises under an agreement (qs-county), and
// of an unrelated site (ls-county). Each call must be allowed or refused with
// PERMISSION_DENIED exactly as the expectations below say — they are written
// out here from the rules, not read from the server's table — no
// list may show the unrelated site's patient, and every call must have left
// its audit record with the right outcome.
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "casehub/v1/auth.grpc.pb.h"
#include "casehub/v1/principal.grpc.pb.h"
#include "casehub/v1/referral.grpc.pb.h"
#include "casehub/v1/report.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using enum v1::Role;
using ::testing::HasSubstr;
using ::testing::Not;

// Whose data a call is about.
enum class Scope { kOwn, kCollaborator, kUnrelated };
constexpr Scope kScopes[] = {Scope::kOwn, Scope::kCollaborator, Scope::kUnrelated};

std::string ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kOwn:
      return "own site";
    case Scope::kCollaborator:
      return "supervised collaborator";
    case Scope::kUnrelated:
      return "unrelated site";
  }
  return "";
}

// Which scopes a method reaches when the role allows it at all.
enum class Reach {
  // Nothing site-specific: sites, plugins, one's own token.
  kAnywhere,
  // A patient or a site's list or report: own and supervised sites.
  kOwnAndSupervised,
  // A site's worklist and alerts, an auditor's trail: own site only.
  kOwnOnly,
  // Emergency access: only outside the site's reach (elsewhere it is
  // refused as pointless, not as forbidden).
  kOutsideReach,
};

// The data of one site the calls are about.
struct Target {
  std::string site;
  std::string patient;
  std::string case_id;
  std::string task_id;
  std::string alert_id;
  // A principal of that site, for the administration calls.
  std::string principal;
};

const std::vector<v1::Role> kAllRoles = {ROLE_CASE_MANAGER, ROLE_PHYSICIAN,     ROLE_NURSE,
                                         ROLE_PHARMACIST,   ROLE_SITE_ADMIN,    ROLE_NETWORK_ADMIN,
                                         ROLE_AUDITOR,      ROLE_INTEGRATION};

class AuthorizationMatrixTest : public HubFixture {
 public:
  struct Probe {
    std::string method;
    Reach reach;
    // Roles allowed the method (at any reach); empty: every role.
    std::set<v1::Role> roles;
    std::function<grpc::Status(grpc::ClientContext*, const Target&)> call;
  };

 protected:
  AuthorizationMatrixTest()
      : HubFixture(AddUnrelatedSite),
        auth_(v1::AuthService::NewStub(channel_)),
        principal_service_(v1::PrincipalService::NewStub(channel_)),
        reports_(v1::ReportService::NewStub(channel_)),
        referrals_(v1::ReferralService::NewStub(channel_)),
        audit_(v1::AuditService::NewStub(channel_)) {
    targets_[Scope::kOwn] = Seed("jc-hub");
    targets_[Scope::kCollaborator] = Seed("qs-county");
    targets_[Scope::kUnrelated] = Seed("ls-county");
  }

  // A patient with a lung case (so a staging task) and a critical ANC (so an
  // alert) at `site`, and a nurse principal there.
  Target Seed(const std::string& site) {
    Target target;
    target.site = site;
    target.patient = Register(absl::StrCat("seed-", site), site);
    target.case_id = OpenLungCase(target.patient, absl::StrCat("seed-case-", site), site).id();
    v1::RecordLabResultResponse recorded;
    EXPECT_TRUE(clinical_
                    ->RecordLabResult(As(site).get(),
                                      Anc(target.patient, 0.4, absl::StrCat("seed-anc-", site)),
                                      &recorded)
                    .ok());
    v1::GetPatientRequest get;
    get.set_patient_id(target.patient);
    v1::PatientView view;
    EXPECT_TRUE(patients_->GetPatient(As(site).get(), get, &view).ok());
    EXPECT_FALSE(view.state().tasks().empty());
    EXPECT_FALSE(view.state().alerts().empty());
    if (!view.state().tasks().empty()) target.task_id = view.state().tasks(0).id();
    if (!view.state().alerts().empty()) target.alert_id = view.state().alerts(0).id();
    target.principal = absl::StrCat("staff.", site);
    TokenOf(target.principal, site, {ROLE_NURSE});
    return target;
  }

  // A fresh request id per call, so no call is answered as another's retry.
  v1::RequestMeta Meta() {
    v1::RequestMeta meta;
    meta.set_request_id(absl::StrCat("matrix-", ++calls_));
    return meta;
  }

  std::vector<Probe> Probes();

  std::map<Scope, Target> targets_;
  std::unique_ptr<v1::AuthService::Stub> auth_;
  std::unique_ptr<v1::PrincipalService::Stub> principal_service_;
  std::unique_ptr<v1::ReportService::Stub> reports_;
  std::unique_ptr<v1::ReferralService::Stub> referrals_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
  int calls_ = 0;
  // Calls each matrix principal was expected to be refused.
  std::map<std::string, int> denied_;
};

// The expectations, from the issue: clinicians reach patients, a nurse
// acknowledges alerts, a pharmacist records prophylaxis, integrations feed
// registrations and results, administrators manage people (network
// administrators also operate the hub), auditors read the trail.
std::vector<AuthorizationMatrixTest::Probe> AuthorizationMatrixTest::Probes() {
  const std::set<v1::Role> clinical = {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE,
                                       ROLE_PHARMACIST};
  const std::set<v1::Role> treating = {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE};
  const std::set<v1::Role> case_owners = {ROLE_CASE_MANAGER, ROLE_PHYSICIAN};
  const std::set<v1::Role> admins = {ROLE_SITE_ADMIN, ROLE_NETWORK_ADMIN};
  std::vector<Probe> probes;
  auto add = [&](std::string method, Reach reach, std::set<v1::Role> roles,
                 std::function<grpc::Status(grpc::ClientContext*, const Target&)> call) {
    probes.push_back({absl::StrCat("/casehub.v1.", method), reach, std::move(roles),
                      std::move(call)});
  };

  add("SiteService/ListSites", Reach::kAnywhere, {}, [&](auto* c, const Target&) {
    v1::ListSitesResponse r;
    return sites_->ListSites(c, {}, &r);
  });
  add("SiteService/GetSite", Reach::kAnywhere, {}, [&](auto* c, const Target& t) {
    v1::GetSiteRequest q;
    q.set_site_id(t.site);
    v1::Site r;
    return sites_->GetSite(c, q, &r);
  });
  add("SiteService/ListAgreements", Reach::kAnywhere, {}, [&](auto* c, const Target& t) {
    v1::ListAgreementsRequest q;
    q.set_site_id(t.site);
    v1::ListAgreementsResponse r;
    return sites_->ListAgreements(c, q, &r);
  });
  add("PluginService/ListPlugins", Reach::kAnywhere, {}, [&](auto* c, const Target&) {
    v1::ListPluginsResponse r;
    return plugins_->ListPlugins(c, {}, &r);
  });
  add("AuthService/WhoAmI", Reach::kAnywhere, {}, [&](auto* c, const Target&) {
    v1::WhoAmIResponse r;
    return auth_->WhoAmI(c, {}, &r);
  });

  add("PrincipalService/CreatePrincipal", Reach::kOwnOnly, admins, [&](auto* c, const Target& t) {
    v1::CreatePrincipalRequest q;
    q.mutable_principal()->set_id(absl::StrCat("new.", ++calls_));
    q.mutable_principal()->set_display_name("New");
    q.mutable_principal()->set_site_id(t.site);
    q.mutable_principal()->add_roles(ROLE_NURSE);
    q.set_initial_password("a-long-password");
    v1::Principal r;
    return principal_service_->CreatePrincipal(c, q, &r);
  });
  add("PrincipalService/UpdatePrincipal", Reach::kOwnOnly, admins, [&](auto* c, const Target& t) {
    v1::UpdatePrincipalRequest q;
    q.set_principal_id(t.principal);
    q.set_display_name(absl::StrCat("Renamed ", calls_));
    v1::Principal r;
    return principal_service_->UpdatePrincipal(c, q, &r);
  });
  add("PrincipalService/RevokeTokens", Reach::kOwnOnly, admins, [&](auto* c, const Target& t) {
    v1::RevokeTokensRequest q;
    q.set_principal_id(t.principal);
    v1::Principal r;
    return principal_service_->RevokeTokens(c, q, &r);
  });
  add("PrincipalService/ListPrincipals", Reach::kOwnOnly, admins, [&](auto* c, const Target& t) {
    v1::ListPrincipalsRequest q;
    q.set_site_id(t.site);
    v1::ListPrincipalsResponse r;
    return principal_service_->ListPrincipals(c, q, &r);
  });
  add("PrincipalService/SetPassword", Reach::kOwnOnly, admins, [&](auto* c, const Target& t) {
    v1::SetPasswordRequest q;
    q.set_principal_id(t.principal);
    q.set_new_password("another-long-password");
    v1::Principal r;
    return principal_service_->SetPassword(c, q, &r);
  });

  add("PatientService/RegisterPatient", Reach::kAnywhere,
      {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION},
      [&](auto* c, const Target&) {
        v1::RegisterPatientRequest q;
        *q.mutable_meta() = Meta();
        q.mutable_patient()->set_name("New Patient");
        q.mutable_patient()->set_sex(v1::SEX_MALE);
        q.mutable_patient()->set_birth_date("1960-01-01");
        v1::PatientView r;
        return patients_->RegisterPatient(c, q, &r);
      });
  add("PatientService/GetPatient", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::GetPatientRequest q;
        q.set_patient_id(t.patient);
        v1::PatientView r;
        return patients_->GetPatient(c, q, &r);
      });
  add("PatientService/ListPatients", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::ListPatientsRequest q;
        q.set_site_id(t.site);
        v1::ListPatientsResponse r;
        grpc::Status status = patients_->ListPatients(c, q, &r);
        EXPECT_THAT(r.DebugString(),
                    Not(HasSubstr(targets_[Scope::kUnrelated].patient)));
        return status;
      });
  add("PatientService/FindPatients", Reach::kAnywhere,
      {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION},
      [&](auto* c, const Target&) {
        v1::FindPatientsRequest q;
        q.set_name("李秀英");
        q.set_birth_date("1966-07-21");
        v1::FindPatientsResponse r;
        grpc::Status status = patients_->FindPatients(c, q, &r);
        // The unrelated site's record is found, but masked.
        for (const v1::PatientMatch& match : r.matches()) {
          if (match.patient_id() == targets_[Scope::kUnrelated].patient) {
            EXPECT_FALSE(match.reachable());
            EXPECT_EQ(match.patient().name(), "李*英");
          }
        }
        return status;
      });
  add("PatientService/LinkPatients", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::LinkPatientsRequest q;
        *q.mutable_meta() = Meta();
        q.set_patient_id(t.patient);
        q.set_other_patient_id(targets_[Scope::kOwn].patient);
        q.set_mode(v1::LINK_MODE_LINK);
        q.set_reason("matrix: the same person");
        v1::PatientView r;
        return patients_->LinkPatients(c, q, &r);
      });
  add("PatientService/UnlinkPatients", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::UnlinkPatientsRequest q;
        *q.mutable_meta() = Meta();
        q.set_patient_id(t.patient);
        q.set_other_patient_id(targets_[Scope::kOwn].patient);
        q.set_reason("matrix: not the same person");
        v1::PatientView r;
        return patients_->UnlinkPatients(c, q, &r);
      });

  add("CaseService/OpenCase", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::OpenCaseRequest q;
        *q.mutable_meta() = Meta();
        q.set_patient_id(t.patient);
        q.mutable_diagnosis()->set_code("C34.1");
        v1::Case r;
        return cases_->OpenCase(c, q, &r);
      });
  add("CaseService/GetCase", Reach::kOwnAndSupervised, clinical, [&](auto* c, const Target& t) {
    v1::GetCaseRequest q;
    q.set_case_id(t.case_id);
    v1::Case r;
    return cases_->GetCase(c, q, &r);
  });
  add("CaseService/ChangeCaseStage", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::ChangeCaseStageRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        q.set_to_stage("staging");
        v1::Case r;
        return cases_->ChangeCaseStage(c, q, &r);
      });
  add("CaseService/RecordCaseData", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::RecordCaseDataRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        v1::CaseFact* fact = q.add_facts();
        fact->set_key("histology");
        fact->set_value("adenocarcinoma");
        v1::Case r;
        return cases_->RecordCaseData(c, q, &r);
      });
  add("CaseService/ListCases", Reach::kOwnAndSupervised, clinical, [&](auto* c, const Target& t) {
    v1::ListCasesRequest q;
    q.set_site_id(t.site);
    v1::ListCasesResponse r;
    grpc::Status status = cases_->ListCases(c, q, &r);
    EXPECT_THAT(r.DebugString(), Not(HasSubstr(targets_[Scope::kUnrelated].patient)));
    return status;
  });

  // Only the owning site refers a case; answering names a referral that
  // does not exist, so what is tested is the reach alone.
  add("ReferralService/RequestReferral", Reach::kOwnOnly, case_owners,
      [&](auto* c, const Target& t) {
        v1::RequestReferralRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        q.set_to_site_id(t.site == "qs-county" ? "jc-hub" : "qs-county");
        q.set_kind(v1::REFERRAL_KIND_SHARE);
        q.set_reason("matrix: a second opinion");
        v1::Referral r;
        return referrals_->RequestReferral(c, q, &r);
      });
  for (const char* answer : {"AcceptReferral", "DeclineReferral", "CancelReferral"}) {
    add(absl::StrCat("ReferralService/", answer), Reach::kOwnAndSupervised, case_owners,
        [this, answer](auto* c, const Target& t) {
          v1::AnswerReferralRequest q;
          *q.mutable_meta() = Meta();
          q.set_referral_id(absl::StrCat(t.patient, "-e99"));
          q.set_note("matrix: an answer");
          v1::Referral r;
          const std::string method = answer;
          if (method == "AcceptReferral") return referrals_->AcceptReferral(c, q, &r);
          if (method == "DeclineReferral") return referrals_->DeclineReferral(c, q, &r);
          return referrals_->CancelReferral(c, q, &r);
        });
  }
  add("ReferralService/CompleteReferral", Reach::kOwnAndSupervised, case_owners,
      [&](auto* c, const Target& t) {
        v1::CompleteReferralRequest q;
        *q.mutable_meta() = Meta();
        q.set_referral_id(absl::StrCat(t.patient, "-e99"));
        q.set_summary("matrix: the care is done");
        v1::Referral r;
        return referrals_->CompleteReferral(c, q, &r);
      });
  add("ReferralService/ListReferrals", Reach::kOwnOnly, clinical, [&](auto* c, const Target& t) {
    v1::ListReferralsRequest q;
    q.set_site_id(t.site);
    v1::ListReferralsResponse r;
    return referrals_->ListReferrals(c, q, &r);
  });

  add("ClinicalService/RecordLabResult", Reach::kOwnAndSupervised,
      {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION},
      [&](auto* c, const Target& t) {
        v1::RecordLabResultResponse r;
        return clinical_->RecordLabResult(c, Anc(t.patient, 3.0, Meta().request_id()), &r);
      });
  add("ClinicalService/RecordLabResults", Reach::kOwnAndSupervised,
      {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_INTEGRATION},
      [&](auto* c, const Target& t) {
        v1::RecordLabResultsRequest q;
        *q.add_results() = Anc(t.patient, 3.0, Meta().request_id());
        v1::RecordLabResultsResponse r;
        grpc::Status status = clinical_->RecordLabResults(c, q, &r);
        // A patient out of reach is refused in the result's own entry.
        if (!status.ok() || r.entries_size() != 1) return status;
        return grpc::Status(static_cast<grpc::StatusCode>(r.entries(0).code()),
                            r.entries(0).message());
      });

  add("TaskService/ListWorklist", Reach::kOwnOnly, clinical, [&](auto* c, const Target& t) {
    v1::ListWorklistRequest q;
    q.set_site_id(t.site);
    v1::ListWorklistResponse r;
    return tasks_->ListWorklist(c, q, &r);
  });
  add("TaskService/CompleteTask", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::CompleteTaskRequest q;
        *q.mutable_meta() = Meta();
        q.set_task_id(t.task_id);
        v1::Task r;
        return tasks_->CompleteTask(c, q, &r);
      });

  add("AlertService/ListAlerts", Reach::kOwnOnly, treating, [&](auto* c, const Target& t) {
    v1::ListAlertsRequest q;
    q.set_site_id(t.site);
    v1::ListAlertsResponse r;
    return alerts_->ListAlerts(c, q, &r);
  });
  add("AlertService/WatchAlerts", Reach::kOwnOnly, treating, [&](auto* c, const Target& t) {
    // Allowed streams run until this deadline; refused ones end at once.
    c->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
    v1::WatchAlertsRequest q;
    q.set_site_id(t.site);
    auto reader = alerts_->WatchAlerts(c, q);
    v1::AlertUpdate update;
    while (reader->Read(&update)) {
      EXPECT_EQ(update.alert().site_id(), t.site);
    }
    return reader->Finish();
  });
  add("AlertService/AcknowledgeAlert", Reach::kOwnAndSupervised, treating,
      [&](auto* c, const Target& t) {
        v1::AcknowledgeAlertRequest q;
        *q.mutable_meta() = Meta();
        q.set_alert_id(t.alert_id);
        v1::Alert r;
        return alerts_->AcknowledgeAlert(c, q, &r);
      });
  add("AlertService/RecordAlertIntervention", Reach::kOwnAndSupervised, treating,
      [&](auto* c, const Target& t) {
        v1::RecordAlertInterventionRequest q;
        *q.mutable_meta() = Meta();
        q.set_alert_id(t.alert_id);
        q.set_intervention("G-CSF");
        v1::Alert r;
        return alerts_->RecordAlertIntervention(c, q, &r);
      });
  add("AlertService/CloseAlert", Reach::kOwnAndSupervised, treating,
      [&](auto* c, const Target& t) {
        v1::CloseAlertRequest q;
        *q.mutable_meta() = Meta();
        q.set_alert_id(t.alert_id);
        q.set_closing_note("done");
        v1::Alert r;
        return alerts_->CloseAlert(c, q, &r);
      });

  add("ChemoService/RecordFnRiskAssessment", Reach::kOwnAndSupervised, treating,
      [&](auto* c, const Target& t) {
        v1::RecordFnRiskAssessmentRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        q.set_cycle_number(1);
        q.set_regimen_id("lung.ep");
        v1::FnRiskAssessment r;
        return chemo_->RecordFnRiskAssessment(c, q, &r);
      });
  add("ChemoService/RecordChemoConsent", Reach::kOwnAndSupervised, treating,
      [&](auto* c, const Target& t) {
        v1::RecordChemoConsentRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        q.set_cycle_number(1);
        q.set_document_ref("ICF-1");
        v1::ChemoConsent r;
        return chemo_->RecordChemoConsent(c, q, &r);
      });
  add("ChemoService/StartChemoCycle", Reach::kOwnAndSupervised, {ROLE_PHYSICIAN, ROLE_NURSE},
      [&](auto* c, const Target& t) {
        v1::StartChemoCycleRequest q = CycleRequest(t.case_id, 1, "lung.ep");
        *q.mutable_meta() = Meta();
        v1::ChemoCycle r;
        return chemo_->StartChemoCycle(c, q, &r);
      });
  add("ChemoService/RecordFebrileEpisode", Reach::kOwnAndSupervised, {ROLE_PHYSICIAN, ROLE_NURSE},
      [&](auto* c, const Target& t) {
        v1::RecordFebrileEpisodeRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        v1::FebrileEpisode r;
        return chemo_->RecordFebrileEpisode(c, q, &r);
      });
  add("ChemoService/RecordProphylaxis", Reach::kOwnAndSupervised,
      {ROLE_PHARMACIST, ROLE_PHYSICIAN, ROLE_NURSE}, [&](auto* c, const Target& t) {
        v1::RecordProphylaxisRequest q;
        *q.mutable_meta() = Meta();
        q.set_case_id(t.case_id);
        q.set_cycle_number(1);
        v1::ProphylaxisAdministration r;
        return chemo_->RecordProphylaxis(c, q, &r);
      });

  add("ReportService/GetMyeloReport", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::MyeloReportRequest q;
        q.set_site_id(t.site);
        q.set_from_date("2026-11-01");
        q.set_to_date("2026-11-30");
        v1::MyeloReport r;
        return reports_->GetMyeloReport(c, q, &r);
      });
  add("ReportService/GetIndicatorReport", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::IndicatorReportRequest q;
        q.set_plugin_id("lung");
        q.set_site_id(t.site);
        q.set_from_date("2026-11-01");
        q.set_to_date("2026-11-30");
        v1::IndicatorReport r;
        return reports_->GetIndicatorReport(c, q, &r);
      });

  add("ReportService/ListIndicatorItems", Reach::kOwnAndSupervised, clinical,
      [&](auto* c, const Target& t) {
        v1::ListIndicatorItemsRequest q;
        q.set_indicator_id("risk_assessment_rate");
        q.set_site_id(t.site);
        q.set_from_date("2026-11-01");
        q.set_to_date("2026-11-30");
        v1::ListIndicatorItemsResponse r;
        return reports_->ListIndicatorItems(c, q, &r);
      });

  add("ReportService/GetNetworkReport", Reach::kOwnOnly,
      {ROLE_CASE_MANAGER, ROLE_PHYSICIAN, ROLE_NURSE, ROLE_PHARMACIST, ROLE_NETWORK_ADMIN},
      [&](auto* c, const Target& t) {
        v1::NetworkReportRequest q;
        q.set_hub_site_id(t.site);
        q.set_from_date("2026-11-01");
        q.set_to_date("2026-11-30");
        v1::NetworkReport r;
        grpc::Status status = reports_->GetNetworkReport(c, q, &r);
        for (const v1::NetworkReportRow& row : r.rows()) {
          EXPECT_NE(row.site_id(), "ls-county");
        }
        EXPECT_THAT(r.DebugString(), Not(HasSubstr(targets_[Scope::kOwn].patient)));
        return status;
      });

  add("AuditService/QueryAudit", Reach::kOwnOnly, {ROLE_AUDITOR}, [&](auto* c, const Target& t) {
    v1::QueryAuditRequest q;
    q.set_site_id(t.site);
    v1::QueryAuditResponse r;
    return audit_->QueryAudit(c, q, &r);
  });

  add("AdminService/Verify", Reach::kAnywhere, {ROLE_NETWORK_ADMIN}, [&](auto* c, const Target&) {
    v1::VerifyResponse r;
    return admin_->Verify(c, {}, &r);
  });
  add("AdminService/Backup", Reach::kAnywhere, {ROLE_NETWORK_ADMIN},
      [&](auto* c, const Target&) {
        v1::BackupRequest q;
        q.set_destination_dir(dir_.Sub(absl::StrCat("backup-", ++calls_)));
        v1::BackupResponse r;
        return admin_->Backup(c, q, &r);
      });
  // Near the end: an emergency grant outside the reach opens the unrelated
  // patient to every probe after it.
  add("PatientService/BreakGlass", Reach::kOutsideReach, treating, [&](auto* c, const Target& t) {
    v1::BreakGlassRequest q;
    *q.mutable_meta() = Meta();
    q.set_patient_id(t.patient);
    q.set_reason("matrix: emergency admission");
    v1::EmergencyAccess r;
    return patients_->BreakGlass(c, q, &r);
  });

  // Last: it revokes the caller's token.
  add("AuthService/Logout", Reach::kAnywhere, {}, [&](auto* c, const Target&) {
    v1::LogoutResponse r;
    return auth_->Logout(c, {}, &r);
  });
  return probes;
}

bool Allowed(const AuthorizationMatrixTest::Probe& probe, v1::Role role, Scope scope) {
  if (!probe.roles.empty() && !probe.roles.contains(role)) return false;
  switch (probe.reach) {
    case Reach::kAnywhere:
      return true;
    case Reach::kOwnAndSupervised:
      return scope != Scope::kUnrelated;
    case Reach::kOwnOnly:
      // A network administrator manages every site's principals.
      return scope == Scope::kOwn || role == ROLE_NETWORK_ADMIN;
    case Reach::kOutsideReach:
      return true;
  }
  return false;
}

TEST_F(AuthorizationMatrixTest, EveryRpcEveryRoleEverySite) {
  std::vector<Probe> probes = Probes();
  int checked = 0;
  for (v1::Role role : kAllRoles) {
    const std::string principal = absl::StrCat("matrix.", v1::Role_Name(role));
    for (const Probe& probe : probes) {
      for (Scope scope : kScopes) {
        // A fresh token each time: Logout and RevokeTokens end the last one.
        clock_.Advance(absl::Milliseconds(1));
        std::unique_ptr<grpc::ClientContext> context = WithToken(TokenOf(principal, "jc-hub", {role}));
        grpc::Status status = probe.call(context.get(), targets_[scope]);
        const bool allowed = Allowed(probe, role, scope);
        SCOPED_TRACE(absl::StrCat(probe.method, " as ", v1::Role_Name(role), " on ",
                                  ScopeName(scope), ": ", status.error_code(), " ",
                                  status.error_message()));
        if (allowed) {
          EXPECT_NE(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
          EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
          EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL);
        } else {
          EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        }
        ++checked;
        denied_[principal] += allowed ? 0 : 1;
        // Logout ended this token; the next probe logs in again.
        ForgetToken(principal);
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(kAllRoles.size() * probes.size() * 3));

  // Every call left its record, denials as DENIED, in the hub's trail.
  for (v1::Role role : kAllRoles) {
    const std::string principal = absl::StrCat("matrix.", v1::Role_Name(role));
    v1::QueryAuditRequest query;
    query.set_principal_id(principal);
    query.set_page_size(500);
    int records = 0;
    int denied = 0;
    do {
      v1::QueryAuditResponse page;
      ASSERT_TRUE(audit_->QueryAudit(AsPrincipal("auditor.jc", "jc-hub", {ROLE_AUDITOR}).get(),
                                     query, &page)
                      .ok());
      for (const v1::AuditRecord& record : page.records()) {
        // A batch's call has a record of its own (about no patient) and one
        // per result, which carries the result's refusal.
        const bool batch_entry = record.method().ends_with("/RecordLabResults") &&
                                 !record.patient_id().empty();
        records += batch_entry ? 0 : 1;
        denied += record.outcome() == v1::AUDIT_OUTCOME_DENIED ? 1 : 0;
        EXPECT_EQ(record.site_id(), "jc-hub");
      }
      query.set_page_token(page.next_page_token());
    } while (!query.page_token().empty());
    EXPECT_EQ(records, static_cast<int>(probes.size() * 3)) << principal;
    EXPECT_EQ(denied, denied_[principal]) << principal;
  }
}

TEST_F(AuthorizationMatrixTest, EveryMethodOfTheContractIsInTheMatrix) {
  std::set<std::string> probed;
  for (const Probe& probe : Probes()) probed.insert(probe.method);
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const char* name :
       {"SiteService", "PluginService", "AuthService", "PrincipalService", "PatientService",
        "CaseService", "ReferralService", "ClinicalService", "TaskService", "AlertService",
        "ChemoService", "ReportService", "AuditService", "AdminService"}) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(absl::StrCat("casehub.v1.", name));
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const std::string method =
          absl::StrCat("/", service->full_name(), "/", service->method(i)->name());
      // Login is the one call made without credentials.
      if (method == "/casehub.v1.AuthService/Login") continue;
      EXPECT_TRUE(probed.contains(method)) << method << " has no row in the matrix";
    }
  }
}

}  // namespace
}  // namespace casehub::hub
