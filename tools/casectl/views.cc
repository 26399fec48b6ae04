#include "tools/casectl/views.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/casectl/format.h"

namespace casehub::casectl {

Table ReferralTable(const google::protobuf::RepeatedPtrField<v1::Referral>& referrals) {
  Table table({"ID", "CASE", "FROM", "TO", "DIRECTION", "KIND", "STATUS", "REQUESTED", "REASON"});
  for (const v1::Referral& referral : referrals) {
    table.AddRow({referral.id(), referral.case_id(), referral.from_site_id(),
                  referral.to_site_id(), EnumWord(referral.direction()), EnumWord(referral.kind()),
                  EnumWord(referral.status()), FormatTime(referral.requested_at()),
                  referral.reason()});
  }
  return table;
}

Table CaseTable(const google::protobuf::RepeatedPtrField<v1::Case>& cases) {
  Table table({"ID", "TUMOR", "DIAGNOSIS", "STAGE", "STATUS", "SITE", "SHARED WITH"});
  for (const v1::Case& kase : cases) {
    table.AddRow({kase.id(), kase.tumor_type(), kase.diagnosis().code(),
                  kase.stage(), EnumWord(kase.status()),
                  kase.owning_site_id(), absl::StrJoin(kase.shared_site_ids(), ",")});
  }
  return table;
}

std::string TaskState(const v1::Task& task) {
  std::string state = EnumWord(task.status());
  if (task.overdue() && task.status() == v1::TASK_STATUS_OPEN) {
    absl::StrAppend(&state, " (overdue)");
  }
  return state;
}

std::string TaskDue(const v1::Task& task) {
  if (!task.has_window_start()) return FormatTime(task.due_at());
  return absl::StrCat(FormatTime(task.window_start()), " .. ",
                      FormatTime(task.due_at()));
}

std::string AlertState(const v1::Alert& alert) {
  std::string state = EnumWord(alert.status());
  // Escalation is not a step of the loop: it marks the step the alert is at.
  if (alert.escalation_level() > 0) absl::StrAppend(&state, " (escalated)");
  return state;
}

std::string RoleList(const v1::Principal& principal) {
  return absl::StrJoin(principal.roles(), ",", [](std::string* out, int role) {
    absl::StrAppend(out, EnumWord(static_cast<v1::Role>(role)));
  });
}

std::string ActorName(const v1::Actor& actor) {
  if (actor.site_id().empty()) return actor.principal_id();
  return absl::StrCat(actor.principal_id(), "@", actor.site_id());
}

std::string Step(const google::protobuf::Timestamp& at,
                 const std::string& who) {
  const std::string time = FormatTime(at);
  if (time.empty() || who.empty()) return time;
  return absl::StrCat(time, " by ", who);
}

std::string RecommendationWords(v1::ProphylaxisRecommendation recommendation) {
  switch (recommendation) {
    case v1::PROPHYLAXIS_RECOMMENDATION_PRIMARY:
      return "primary prophylaxis";
    case v1::PROPHYLAXIS_RECOMMENDATION_CONSIDER:
      return "consider prophylaxis";
    case v1::PROPHYLAXIS_RECOMMENDATION_OBSERVE:
      return "observe, reassess next cycle";
    case v1::PROPHYLAXIS_RECOMMENDATION_NONE:
      return "no routine prophylaxis";
    case v1::PROPHYLAXIS_RECOMMENDATION_SECONDARY:
      return "secondary prophylaxis";
    default:
      // Empty when unspecified; digits for a value added after this build.
      return EnumWord(recommendation);
  }
}

std::string GradeWord(int32_t grade) {
  return grade == 0 ? "" : absl::StrCat("G", grade);
}

}  // namespace casehub::casectl
