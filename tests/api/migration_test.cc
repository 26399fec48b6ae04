// A data directory written by an older schema is migrated when the hub
// starts on it. Schema 1 — patients listed under the site that registered
// them, audit records without site orders: afterwards it verifies, a site
// lists the patients it answers for, and an auditor finds the old records in
// the site's trail. Schema 2 — no counters of median values: afterwards it
// verifies and the report's median is read from them. Schema 3 — day
// counters only, medians' values as measured: afterwards the values are
// recorded to one decimal and counted again, month and year counters are
// added, it verifies, and a month's and a year's report read them. Schema
// 5 — closed alerts kept in the state: afterwards the patient shows them,
// it verifies, and the next write moves them out of the state.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "casehub/v1/audit.grpc.pb.h"
#include "casehub/v1/report.grpc.pb.h"
#include "gmock/gmock.h"
#include "services/engine/apply.h"
#include "services/engine/field_rules.h"
#include "services/engine/myelo_indicators.h"
#include "services/engine/verify.h"
#include "services/store/counter_merge.h"
#include "services/store/keys.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

v1::Command CommandAt(const std::string& site) {
  v1::Command command;
  command.mutable_actor()->set_principal_id("clerk");
  command.mutable_actor()->set_site_id(site);
  command.mutable_actor()->set_role(v1::ROLE_CASE_MANAGER);
  return command;
}

// Makes the directory claim to be of an older schema.
void PutSchemaVersion(store::WriteBatch& batch, uint64_t version) {
  std::string encoded;
  store::AppendUint64(&encoded, version);
  batch.Put(store::Family::kMeta, store::kSchemaVersionKey, encoded);
}

// Deletes what schemas before 4 did not write: the month and year counters.
// Returns how many there were.
size_t DeleteRollupCounters(store::Store& store, store::WriteBatch& batch) {
  size_t deleted = 0;
  for (const char* prefix : {"M", "Y"}) {
    EXPECT_TRUE(store
                    .Scan(store::Family::kCounters, prefix, "",
                          [&](absl::string_view key, absl::string_view) {
                            batch.Delete(store::Family::kCounters, key);
                            ++deleted;
                            return true;
                          })
                    .ok());
  }
  return deleted;
}

class MigrationTest : public HubFixture {
 protected:
  // Restarts the hub on the same data directory after `change` edits it
  // through a store of its own (the hub stopped meanwhile).
  void RestartAfter(const std::function<void(store::Store&)>& change) {
    v1::HubConfig config = hub_config_;
    hub_->Shutdown();
    hub_.reset();
    {
      auto store = store::Store::Open({.path = config.data_dir()});
      ASSERT_TRUE(store.ok()) << store.status();
      change(**store);
    }
    auto restarted = Hub::Start(config, &clock_, /*run_scheduler=*/false);
    ASSERT_TRUE(restarted.ok()) << restarted.status();
    hub_ = *std::move(restarted);
    Connect();
  }

  // A new patient's critical value, acknowledged `waited` after it was
  // raised: an item of the median minutes to acknowledge. `name` keeps the
  // request ids apart.
  void AcknowledgeACriticalValueAfter(absl::Duration waited, const std::string& name = "") {
    const std::string patient = Register(name + "reg");
    OpenLungCase(patient, name + "case");
    v1::RecordLabResultResponse recorded;
    ASSERT_TRUE(
        clinical_->RecordLabResult(As().get(), Anc(patient, 0.5, name + "anc"), &recorded).ok());
    v1::ListAlertsResponse open;
    ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
    std::string alert_id;
    for (const v1::Alert& alert : open.alerts()) {
      if (alert.patient_id() == patient) alert_id = alert.id();
    }
    ASSERT_FALSE(alert_id.empty());
    clock_.Advance(waited);
    v1::AcknowledgeAlertRequest acknowledge;
    acknowledge.mutable_meta()->set_request_id(name + "ack");
    acknowledge.set_alert_id(alert_id);
    v1::Alert acknowledged;
    ASSERT_TRUE(alerts_->AcknowledgeAlert(As().get(), acknowledge, &acknowledged).ok());
  }
};

TEST_F(MigrationTest, ASchemaOneDirectoryIsMigratedAtStart) {
  // Registered at the county, its case owned by the hub.
  v1::Command registration = CommandAt("qs-county");
  registration.mutable_register_patient()->mutable_meta()->set_request_id("reg");
  registration.mutable_register_patient()->mutable_patient()->set_name("孙梅");
  registration.mutable_register_patient()->mutable_patient()->set_sex(v1::SEX_FEMALE);
  registration.mutable_register_patient()->mutable_patient()->set_birth_date("1975-02-27");
  absl::StatusOr<v1::CommandOutcome> registered = hub_->engine().Execute(registration);
  ASSERT_TRUE(registered.ok()) << registered.status();
  const std::string patient = registered->patient_id();
  v1::Command open = CommandAt("jc-hub");
  open.mutable_open_case()->mutable_meta()->set_request_id("case");
  open.mutable_open_case()->set_patient_id(patient);
  open.mutable_open_case()->mutable_diagnosis()->set_code("C34.1");
  ASSERT_TRUE(hub_->engine().Execute(open).ok());

  const absl::Time old_record_time = clock_.Now();
  clock_.Advance(absl::Minutes(1));
  RestartAfter([&](store::Store& store) {
    // What schema 1 wrote: the patient under its registering site, the
    // audit record under time, patient and principal only.
    store::WriteBatch batch = store.NewBatch();
    batch.Delete(store::Family::kIndex, store::PatientsBySiteKey("jc-hub", patient));
    v1::Patient listed;
    listed.set_id(patient);
    batch.Put(store::Family::kIndex, store::PatientsBySiteKey("qs-county", patient),
              listed.SerializeAsString());
    v1::AuditRecord record;
    *record.mutable_time() = engine::ToProtoTime(old_record_time);
    record.set_principal_id("clerk");
    record.set_site_id("jc-hub");
    record.set_method("/casehub.v1.PatientService/GetPatient");
    record.set_patient_id(patient);
    batch.Put(store::Family::kAudit,
              store::AuditKey(store::kAuditByTimePrefix, old_record_time, 1),
              record.SerializeAsString());
    PutSchemaVersion(batch, 1);
    ASSERT_TRUE(store.Commit(batch).ok());
  });

  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_THAT(verified.problems(), ::testing::IsEmpty());
  v1::ListPatientsResponse listed;
  ASSERT_TRUE(patients_->ListPatients(As().get(), {}, &listed).ok());
  ASSERT_EQ(listed.patients_size(), 1);
  EXPECT_EQ(listed.patients(0).id(), patient);

  auto audit = v1::AuditService::NewStub(channel_);
  v1::QueryAuditRequest trail;
  *trail.mutable_to() = engine::ToProtoTime(old_record_time + absl::Microseconds(1));
  v1::QueryAuditResponse records;
  ASSERT_TRUE(audit
                  ->QueryAudit(AsPrincipal("auditor.jc", "jc-hub", {v1::ROLE_AUDITOR}).get(),
                               trail, &records)
                  .ok());
  ASSERT_EQ(records.records_size(), 1);
  EXPECT_EQ(records.records(0).principal_id(), "clerk");

  // Migrated once: the next start finds a current directory.
  RestartAfter([](store::Store& store) {
    EXPECT_EQ(store.found_schema_version(), store::kSchemaVersion);
  });
}

// Schema 2 kept no counters of median values: the median time to
// acknowledge is read from them once the directory is migrated.
TEST_F(MigrationTest, ASchemaTwoDirectoryCountsItsMedianValuesAtStart) {
  AcknowledgeACriticalValueAfter(absl::Minutes(12));

  RestartAfter([&](store::Store& store) {
    // What schema 2 wrote: the value items, no counters of them.
    std::vector<std::string> value_counters;
    ASSERT_TRUE(store
                    .Scan(store::Family::kCounters,
                          store::IndicatorPrefix(engine::kMinutesToAcknowledge, "jc-hub"), "",
                          [&](absl::string_view key, absl::string_view) {
                            value_counters.emplace_back(key);
                            return true;
                          })
                    .ok());
    ASSERT_EQ(value_counters.size(), 1u);
    store::WriteBatch batch = store.NewBatch();
    batch.Delete(store::Family::kCounters, value_counters[0]);
    EXPECT_GT(DeleteRollupCounters(store, batch), 0u);
    PutSchemaVersion(batch, 2);
    ASSERT_TRUE(store.Commit(batch).ok());
  });

  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_THAT(verified.problems(), ::testing::IsEmpty());
  auto reports = v1::ReportService::NewStub(channel_);
  v1::MyeloReportRequest request;
  const std::string today = absl::FormatTime("%Y-%m-%d", clock_.Now(), absl::UTCTimeZone());
  request.set_from_date(today);
  request.set_to_date(today);
  v1::MyeloReport report;
  ASSERT_TRUE(reports->GetMyeloReport(As().get(), request, &report).ok());
  ASSERT_TRUE(report.has_median_minutes_to_acknowledge());
  EXPECT_DOUBLE_EQ(report.median_minutes_to_acknowledge(), 12.0);
  RestartAfter([](store::Store& store) {
    EXPECT_EQ(store.found_schema_version(), store::kSchemaVersion);
  });
}

TEST_F(MigrationTest, ASchemaThreeDirectoryGetsMonthAndYearCountersAndTenthsAtStart) {
  // Schema 3 wrote the minutes to six significant digits. 7.049995 minutes
  // was written "7.05", which would round to 7.1 while one decimal of the
  // value is 7: derived again from the state. 7.258333 was written
  // "7.25833": rounded from the text, 7.3.
  const std::vector<absl::Duration> waits = {absl::Microseconds(422999700),
                                             absl::Seconds(435.5)};
  std::vector<std::string> as_schema_three_wrote;
  for (const absl::Duration waited : waits) {
    as_schema_three_wrote.push_back(absl::StrCat(absl::ToDoubleMinutes(waited)));
    AcknowledgeACriticalValueAfter(waited, as_schema_three_wrote.back());
  }
  ASSERT_EQ(as_schema_three_wrote, (std::vector<std::string>{"7.05", "7.25833"}));
  auto reports = v1::ReportService::NewStub(channel_);
  v1::MyeloReportRequest month;
  month.set_from_date("2026-11-01");
  month.set_to_date("2026-11-30");
  v1::MyeloReportRequest year = month;
  year.set_from_date("2026-01-01");
  year.set_to_date("2026-12-31");
  v1::MyeloReport before;
  ASSERT_TRUE(reports->GetMyeloReport(As().get(), month, &before).ok());

  RestartAfter([&](store::Store& store) {
    // What schema 3 wrote: day counters only, and the minutes to six
    // significant digits in the items and their value counters.
    std::map<std::string, std::string> items;  // value -> key, as written now
    ASSERT_TRUE(store
                    .Scan(store::Family::kIndex,
                          store::IndicatorPrefix(engine::kMinutesToAcknowledge), "",
                          [&](absl::string_view key, absl::string_view value) {
                            items[std::string(value)] = std::string(key);
                            return true;
                          })
                    .ok());
    ASSERT_EQ(items.size(), 2u);
    ASSERT_TRUE(items.contains("7") && items.contains("7.3"));
    store::WriteBatch batch = store.NewBatch();
    EXPECT_GT(DeleteRollupCounters(store, batch), 0u);
    for (const auto& [now, then] :
         {std::pair{"7", as_schema_three_wrote[0]}, std::pair{"7.3", as_schema_three_wrote[1]}}) {
      const std::string& item = items[now];
      batch.Put(store::Family::kIndex, item, then);
      batch.Delete(store::Family::kCounters, *store::IndicatorCounterKey(item, now));
      batch.Put(store::Family::kCounters, *store::IndicatorCounterKey(item, then),
                store::EncodeCount(1));
    }
    PutSchemaVersion(batch, 3);
    ASSERT_TRUE(store.Commit(batch).ok());
  });

  // Verify derives the index and every counter afresh: a value left as
  // written or rounded from "7.05" to 7.1, an old counter, or a missing
  // month or year counter would show.
  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_THAT(verified.problems(), ::testing::IsEmpty());
  reports = v1::ReportService::NewStub(channel_);  // the restarted hub's
  for (const v1::MyeloReportRequest& period : {month, year}) {
    v1::MyeloReport after;
    ASSERT_TRUE(reports->GetMyeloReport(As().get(), period, &after).ok());
    ASSERT_EQ(after.indicators_size(), before.indicators_size());
    for (int i = 0; i < after.indicators_size(); ++i) {
      EXPECT_EQ(after.indicators(i).numerator(), before.indicators(i).numerator());
      EXPECT_EQ(after.indicators(i).denominator(), before.indicators(i).denominator());
    }
    ASSERT_TRUE(after.has_median_minutes_to_acknowledge());
    EXPECT_DOUBLE_EQ(after.median_minutes_to_acknowledge(), (7.0 + 7.3) / 2);
  }
}

// Schema 4 wrote the alert feed's cursor mark with Put; schema 5 raises it
// by merges from there, so numbering goes on above every stored update.
TEST_F(MigrationTest, ASchemaFourDirectoryNumbersAlertUpdatesOnFromItsMark) {
  AcknowledgeACriticalValueAfter(absl::Minutes(3), "a-");
  auto read_mark = [](store::Store& store) {
    absl::StatusOr<std::optional<std::string>> stored =
        store.Get(store::Family::kMeta, store::kAlertFeedCursorKey);
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return stored.ok() && stored->has_value() ? store::ReadUint64(**stored).value_or(0) : 0;
  };
  uint64_t mark = 0;
  RestartAfter([&](store::Store& store) {
    mark = read_mark(store);
    ASSERT_GT(mark, 0u);
    std::string encoded;
    store::AppendUint64(&encoded, mark);
    store::WriteBatch batch = store.NewBatch();
    batch.Put(store::Family::kMeta, store::kAlertFeedCursorKey, encoded);
    PutSchemaVersion(batch, 4);
    ASSERT_TRUE(store.Commit(batch).ok());
  });
  AcknowledgeACriticalValueAfter(absl::Minutes(3), "b-");
  RestartAfter([&](store::Store& store) {
    EXPECT_EQ(store.found_schema_version(), store::kSchemaVersion);
    const uint64_t raised = read_mark(store);
    EXPECT_GT(raised, mark);
    // One stored update per cursor: none was numbered over another.
    uint64_t updates = 0;
    ASSERT_TRUE(store
                    .Scan(store::Family::kAlertFeed, "", "",
                          [&](absl::string_view, absl::string_view) {
                            ++updates;
                            return true;
                          })
                    .ok());
    EXPECT_EQ(updates, raised);
  });
}

// Schema 5 kept closed alerts in the patient's state; schema 6 keeps them
// beside it and reads a state of 5 as it is until its next write.
TEST_F(MigrationTest, ASchemaFiveDirectoryShowsItsClosedAlertsAndMovesThemOutAtTheNextWrite) {
  AcknowledgeACriticalValueAfter(absl::Minutes(3), "a-");
  v1::ListAlertsResponse open;
  ASSERT_TRUE(alerts_->ListAlerts(As().get(), {}, &open).ok());
  ASSERT_EQ(open.alerts_size(), 1);
  const v1::Alert alert = open.alerts(0);
  v1::RecordAlertInterventionRequest intervene;
  intervene.mutable_meta()->set_request_id("int");
  intervene.set_alert_id(alert.id());
  intervene.set_intervention("G-CSF ordered");
  v1::Alert changed;
  ASSERT_TRUE(alerts_->RecordAlertIntervention(As().get(), intervene, &changed).ok());
  v1::CloseAlertRequest close;
  close.mutable_meta()->set_request_id("close");
  close.set_alert_id(alert.id());
  ASSERT_TRUE(alerts_->CloseAlert(As().get(), close, &changed).ok());

  // The state as schema 5 stored it: the whole replayed state, the closed
  // alert in it, and no row of closed alerts.
  auto stored_state = [&](store::Store& store) {
    absl::StatusOr<std::optional<std::string>> stored =
        store.Get(store::Family::kState, store::StateKey(alert.patient_id()));
    v1::PatientState state;
    EXPECT_TRUE(stored.ok() && stored->has_value() && state.ParseFromString(**stored));
    return state;
  };
  RestartAfter([&](store::Store& store) {
    ASSERT_EQ(stored_state(store).alerts_size(), 0) << "schema 6 keeps it apart";
    std::vector<v1::Event> events;
    ASSERT_TRUE(store
                    .Scan(store::Family::kEvents, store::EventPrefix(alert.patient_id()), "",
                          [&](absl::string_view, absl::string_view value) {
                            return events.emplace_back().ParseFromArray(
                                value.data(), static_cast<int>(value.size()));
                          })
                    .ok());
    absl::StatusOr<v1::PatientState> replayed = engine::Replay(events);
    ASSERT_TRUE(replayed.ok()) << replayed.status();
    store::WriteBatch batch = store.NewBatch();
    batch.Put(store::Family::kState, store::StateKey(alert.patient_id()),
              replayed->SerializeAsString());
    batch.Delete(store::Family::kState, store::ClosedAlertsKey(alert.patient_id()));
    PutSchemaVersion(batch, 5);
    ASSERT_TRUE(store.Commit(batch).ok());
  });

  v1::GetPatientRequest get;
  get.set_patient_id(alert.patient_id());
  v1::PatientView view;
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  ASSERT_EQ(view.state().alerts_size(), 1);
  EXPECT_EQ(view.state().alerts(0).status(), v1::ALERT_STATUS_CLOSED);
  v1::VerifyResponse verified;
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_THAT(verified.problems(), ::testing::IsEmpty());

  v1::RecordLabResultResponse recorded;
  ASSERT_TRUE(
      clinical_->RecordLabResult(As().get(), Anc(alert.patient_id(), 2.4, "after"), &recorded)
          .ok());
  ASSERT_TRUE(admin_->Verify(AsNetworkAdmin().get(), {}, &verified).ok());
  EXPECT_THAT(verified.problems(), ::testing::IsEmpty());
  ASSERT_TRUE(patients_->GetPatient(As().get(), get, &view).ok());
  ASSERT_EQ(view.state().alerts_size(), 1);
  EXPECT_EQ(view.state().alerts(0).id(), alert.id());
  RestartAfter([&](store::Store& store) {
    EXPECT_EQ(store.found_schema_version(), store::kSchemaVersion);
    EXPECT_EQ(stored_state(store).alerts_size(), 0) << "the write moved it out";
  });
}

}  // namespace
}  // namespace casehub::hub
