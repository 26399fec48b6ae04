// sites list, sites get, sites agreements: the network.
#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "casehub/v1/site.grpc.pb.h"
#include "tools/casectl/all_commands.h"
#include "tools/casectl/table.h"

namespace casehub::casectl {
namespace {

std::string KindWord(v1::SiteKind kind) {
  switch (kind) {
    case v1::SITE_KIND_HUB_HOSPITAL:
      return "hub";
    case v1::SITE_KIND_COUNTY_HOSPITAL:
      return "county";
    case v1::SITE_KIND_COMMUNITY_CLINIC:
      return "community";
    default:
      return "";
  }
}

Table SiteTable() { return Table({"ID", "NAME", "KIND", "PARENT", "REGION"}); }

void AddSite(const v1::Site& site, Table& table) {
  table.AddRow({site.id(), site.name(), KindWord(site.kind()),
                site.parent_site_id(), site.region()});
}

absl::Status ListSites(const CommandContext& context) {
  return CallAndShow(
      context, &v1::SiteService::Stub::ListSites, v1::ListSitesRequest(),
      [](const v1::ListSitesResponse& response, std::ostream& out) {
        Table table = SiteTable();
        for (const v1::Site& site : response.sites()) {
          AddSite(site, table);
        }
        table.Print(out);
      });
}

absl::Status GetSite(const CommandContext& context) {
  v1::GetSiteRequest request;
  request.set_site_id(context.arguments[0]);
  return CallAndShow(context, &v1::SiteService::Stub::GetSite, request,
                     [](const v1::Site& site, std::ostream& out) {
                       Table table = SiteTable();
                       AddSite(site, table);
                       table.Print(out);
                     });
}

absl::Status ListAgreements(const CommandContext& context) {
  v1::ListAgreementsRequest request;
  request.set_site_id(context.options.Text("at"));
  return CallAndShow(
      context, &v1::SiteService::Stub::ListAgreements, request,
      [](const v1::ListAgreementsResponse& response, std::ostream& out) {
        Table table({"ID", "HUB", "COLLABORATOR", "FROM", "TO", "TUMOR TYPES", "MODULES"});
        for (const v1::CollaborationAgreement& agreement : response.agreements()) {
          table.AddRow({agreement.id(), agreement.hub_site_id(),
                        agreement.collaborator_site_id(), agreement.start_date(),
                        agreement.end_date().empty() ? "open" : agreement.end_date(),
                        agreement.tumor_types().empty()
                            ? "all"
                            : absl::StrJoin(agreement.tumor_types(), ","),
                        agreement.modules().empty() ? "all"
                                                    : absl::StrJoin(agreement.modules(), ",")});
        }
        table.Print(out);
      });
}

}  // namespace

std::vector<Command> SiteCommands() {
  return {
      {.spec = {.words = {"sites", "list"},
                .summary = "List the sites of the network"},
       .run = ListSites},
      {.spec = {.words = {"sites", "get"},
                .arguments = {"ID"},
                .summary = "Show one site"},
       .run = GetSite},
      {.spec = {.words = {"sites", "agreements"},
                .summary = "Collaboration agreements between hubs and their collaborators",
                .options = {{.name = "at",
                             .value_name = "SITE",
                             .help = "Only those this site is a party to"}}},
       .run = ListAgreements},
  };
}

}  // namespace casehub::casectl
