// Renderings of records that more than one command shows.
#ifndef CASEHUB_TOOLS_CASECTL_VIEWS_H_
#define CASEHUB_TOOLS_CASECTL_VIEWS_H_

#include <cstdint>
#include <string>

#include "casehub/v1/alert.pb.h"
#include "casehub/v1/case.pb.h"
#include "casehub/v1/chemo.pb.h"
#include "casehub/v1/common.pb.h"
#include "casehub/v1/principal.pb.h"
#include "casehub/v1/referral.pb.h"
#include "casehub/v1/task.pb.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "google/protobuf/timestamp.pb.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {

// ID, TUMOR, DIAGNOSIS, STAGE, STATUS, SITE.
// Referrals: where each went, of what kind, and how far it got.
Table ReferralTable(const google::protobuf::RepeatedPtrField<v1::Referral>& referrals);

Table CaseTable(const google::protobuf::RepeatedPtrField<v1::Case>& cases);

// "open", "open (overdue)", "completed", ...
std::string TaskState(const v1::Task& task);

// When a task is due: its due time, or "<window start> .. <due>" for a task
// that should not be done before its window opens (a follow-up visit).
std::string TaskDue(const v1::Task& task);

// "raised", "acknowledged (escalated)", "closed", ...
std::string AlertState(const v1::Alert& alert);

// "principal@site", or just the principal when the site is unknown.
std::string ActorName(const v1::Actor& actor);

// A principal's roles as words, "case_manager,nurse".
std::string RoleList(const v1::Principal& principal);

// "<time> by <who>"; empty until the step happened.
std::string Step(const google::protobuf::Timestamp& at, const std::string& who);

// "primary prophylaxis", "observe, reassess next cycle", ...; empty before
// the module has assessed.
std::string RecommendationWords(v1::ProphylaxisRecommendation recommendation);

// A CTCAE grade as "G3"; empty for 0, no grade.
std::string GradeWord(int32_t grade);

}  // namespace casehub::casectl

#endif  // CASEHUB_TOOLS_CASECTL_VIEWS_H_
