#include "services/engine/ids.h"

#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

TEST(IdsTest, NewPatientIdsAreWellFormedAndDistinct) {
  absl::BitGen random;
  std::string a = NewPatientId(random);
  std::string b = NewPatientId(random);
  EXPECT_TRUE(IsPatientId(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 13u);
}

TEST(IdsTest, OwningPatientIsReadFromEntityIds) {
  absl::BitGen random;
  std::string patient = NewPatientId(random);
  EXPECT_EQ(OwningPatient(EntityId(patient, EntityKind::kCase, 7), EntityKind::kCase), patient);
  EXPECT_EQ(OwningPatient(EntityId(patient, EntityKind::kTask, 12), EntityKind::kTask), patient);
  // Wrong kind, bad seq, not a patient.
  EXPECT_FALSE(OwningPatient(EntityId(patient, EntityKind::kTask, 7), EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient + "-c0", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient + "-cx", EntityKind::kCase));
  // Digits only, as EntityId writes them (found by tests/fuzz ids_fuzzer).
  EXPECT_FALSE(OwningPatient(patient + "-c", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient + "-c+7", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient + "-c 7", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient + "-c07", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient("nobody-c1", EntityKind::kCase));
  EXPECT_FALSE(OwningPatient(patient, EntityKind::kCase));
}

TEST(IdsTest, AnEntityIdNamesItsPatientAndTheEventThatMadeIt) {
  absl::BitGen random;
  std::string patient = NewPatientId(random);
  std::optional<EntityRef> alert =
      ParseEntityId(EntityId(patient, EntityKind::kAlert, 1234567890123), EntityKind::kAlert);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->patient_id, patient);
  EXPECT_EQ(alert->seq, 1234567890123u);
  EXPECT_FALSE(ParseEntityId(EntityId(patient, EntityKind::kAlert, 9), EntityKind::kTask));
  EXPECT_FALSE(ParseEntityId(patient + "-a0", EntityKind::kAlert));
}

}  // namespace
}  // namespace casehub::engine
