// referrals request | accept | decline | cancel | complete | list: a case
// going up to the hub or down to a county, and back.
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "casehub/v1/referral.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/format.h"
#include "tools/casectl/shared_options.h"
#include "tools/casectl/views.h"

namespace casehub::casectl {
namespace {

void PrintReferral(const v1::Referral& referral, std::ostream& out) {
  google::protobuf::RepeatedPtrField<v1::Referral> one;
  *one.Add() = referral;
  ReferralTable(one).Print(out);
  if (!referral.answer_note().empty()) out << "\nAnswer: " << referral.answer_note() << "\n";
  if (!referral.completion_summary().empty()) {
    out << "\nSummary: " << referral.completion_summary() << "\n";
  }
}

absl::Status Request(const CommandContext& context) {
  v1::RequestReferralRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_case_id(context.options.Text("case"));
  request.set_to_site_id(context.options.Text("to"));
  request.set_kind(ParseEnumWord<v1::ReferralKind>(context.options.Text("kind")));
  request.set_reason(context.options.Text("reason"));
  return CallAndShow(context, &v1::ReferralService::Stub::RequestReferral, request,
                     PrintReferral);
}

// accept, decline and cancel: the referral and a note.
CommandHandler Answer(UnaryMethod<v1::ReferralService::Stub, v1::AnswerReferralRequest,
                                  v1::Referral>
                          method,
                      const char* note_option) {
  return [method, note_option](const CommandContext& context) {
    v1::AnswerReferralRequest request;
    *request.mutable_meta() = RequestMetaFromOptions(context.options);
    request.set_referral_id(context.arguments[0]);
    request.set_note(context.options.Text(note_option));
    return CallAndShow(context, method, request, PrintReferral);
  };
}

absl::Status Complete(const CommandContext& context) {
  v1::CompleteReferralRequest request;
  *request.mutable_meta() = RequestMetaFromOptions(context.options);
  request.set_referral_id(context.arguments[0]);
  request.set_summary(context.options.Text("summary"));
  return CallAndShow(context, &v1::ReferralService::Stub::CompleteReferral, request,
                     PrintReferral);
}

absl::Status List(const CommandContext& context) {
  v1::ListReferralsRequest request;
  request.set_open_only(context.options.Flag("open"));
  SetPage(context.options, request);
  return CallAndShow(context, &v1::ReferralService::Stub::ListReferrals, request,
                     [](const v1::ListReferralsResponse& response, std::ostream& out) {
                       ReferralTable(response.referrals()).Print(out);
                       PrintNextPage(response.next_page_token(), out);
                     });
}

OptionSpec Required(const char* name, const char* value_name, const char* help) {
  return {.name = name, .value_name = value_name, .help = help, .required = true};
}

}  // namespace

std::vector<Command> ReferralCommands() {
  return {
      {.spec = {.words = {"referrals", "request"},
                .summary = "Refer a case your site owns to another site: share it (an MDT, a "
                           "consultation) or transfer it (the care moves)",
                .options = WithWriteOptions(
                    {Required("case", "ID", "The case"), Required("to", "SITE", "Receiving site"),
                     {.name = "kind",
                      .help = "share or transfer",
                      .required = true,
                      .choices = EnumWords<v1::ReferralKind>()},
                     Required("reason", "TEXT", "Why (10-500 characters)")},
                    VersionCheck::kNotApplicable)},
       .run = Request},
      {.spec = {.words = {"referrals", "accept"},
                .arguments = {"ID"},
                .summary = "Accept a referral to your site (a transfer makes your site the "
                           "owner)",
                .options = WithWriteOptions({{.name = "note",
                                              .value_name = "TEXT",
                                              .help = "A note for the referring site"}},
                                            VersionCheck::kNotApplicable)},
       .run = Answer(&v1::ReferralService::Stub::AcceptReferral, "note")},
      {.spec = {.words = {"referrals", "decline"},
                .arguments = {"ID"},
                .summary = "Decline a referral to your site",
                .options = WithWriteOptions({Required("reason", "TEXT", "Why (10-500 characters)")},
                                            VersionCheck::kNotApplicable)},
       .run = Answer(&v1::ReferralService::Stub::DeclineReferral, "reason")},
      {.spec = {.words = {"referrals", "cancel"},
                .arguments = {"ID"},
                .summary = "Withdraw a referral your site made, before it is answered",
                .options = WithWriteOptions({Required("reason", "TEXT", "Why (10-500 characters)")},
                                            VersionCheck::kNotApplicable)},
       .run = Answer(&v1::ReferralService::Stub::CancelReferral, "reason")},
      {.spec = {.words = {"referrals", "complete"},
                .arguments = {"ID"},
                .summary = "The referred care is done (ends the share the referral gave)",
                .options = WithWriteOptions(
                    {Required("summary", "TEXT", "What was done, for the referring site")},
                    VersionCheck::kNotApplicable)},
       .run = Complete},
      {.spec = {.words = {"referrals", "list"},
                .summary = "Referrals your site sent or received, newest first",
                .options = WithPageOptions({{.name = "open",
                                             .kind = ValueKind::kFlag,
                                             .help = "Only those requested or accepted"}})},
       .run = List},
  };
}

}  // namespace casehub::casectl
