// The CSV a county hospital's laboratory exports, as `casectl labs import`
// reads it: columns by header, per-line request ids, and errors naming the
// line and the column.
#include "tools/casectl/lab_file.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace casehub::casectl {
namespace {

using ::testing::HasSubstr;

TEST(LabFileTest, ColumnsAreTakenByTheHeaderInAnyOrder) {
  auto lines = ParseLabFile(
      "\xEF\xBB\xBF  # exported 2026-11-02, with a spreadsheet's byte-order mark\r\n"
      "loinc,patient,unit,value,observed_at,case,ref_low\r\n"
      "751-8, p0123456789ab ,10*9/L,0.8,2026-11-02T08:30:00+08:00,p0123456789ab-c2,1.8\r\n"
      "\r\n"
      "718-7,p0123456789ab,g/L,121,2026-11-02T08:30:00Z,,\r\n");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 2u);
  const LabFileLine& first = (*lines)[0];
  EXPECT_EQ(first.line_number, 3);
  EXPECT_EQ(first.request.patient_id(), "p0123456789ab");
  EXPECT_EQ(first.request.result().code().system(), "http://loinc.org");
  EXPECT_EQ(first.request.result().code().code(), "751-8");
  EXPECT_EQ(first.request.result().value(), 0.8);
  EXPECT_EQ(first.request.result().unit(), "10*9/L");
  EXPECT_EQ(first.request.result().observed_at().seconds(), 1793579400);  // 00:30 UTC
  EXPECT_EQ(first.request.result().case_id(), "p0123456789ab-c2");
  EXPECT_TRUE(first.request.result().has_reference_low());
  EXPECT_EQ(first.request.result().reference_low(), 1.8);
  const LabFileLine& second = (*lines)[1];
  EXPECT_EQ(second.line_number, 5);
  EXPECT_FALSE(second.request.result().has_reference_low());
  EXPECT_EQ(second.request.result().case_id(), "");
}

TEST(LabFileTest, ARequestIdFollowsTheResultSoAReimportIsARetry) {
  const std::string header = "patient,loinc,value,unit,observed_at\n";
  const std::string line = "p0123456789ab,751-8,0.8,10*9/L,2026-11-02T08:30:00Z\n";
  const std::string corrected = "p0123456789ab,751-8,0.9,10*9/L,2026-11-02T08:30:00Z\n";
  auto once = ParseLabFile(header + line);
  auto again = ParseLabFile(header + "# a comment\n" + line + corrected);
  // The same result exported otherwise: columns reordered, spaces, 0.80.
  auto reexported = ParseLabFile(
      "unit, value, patient, loinc, observed_at\n"
      "10*9/L, 0.80, p0123456789ab, 751-8, 2026-11-02T16:30:00+08:00\n");
  ASSERT_TRUE(once.ok() && again.ok() && reexported.ok());
  const std::string& id = (*once)[0].request.meta().request_id();
  EXPECT_THAT(id, ::testing::MatchesRegex("lab-[0-9a-f]{16}"));
  EXPECT_EQ((*again)[0].request.meta().request_id(), id);
  EXPECT_NE((*again)[1].request.meta().request_id(), id);
  EXPECT_EQ((*reexported)[0].request.meta().request_id(), id);
}

TEST(LabFileTest, AProblemNamesItsLineAndColumn) {
  const std::string header = "patient,loinc,value,unit,observed_at\n";
  struct Case {
    std::string text;
    std::string message;
  };
  for (const Case& bad : std::vector<Case>{
           {"", "no header line"},
           {"patient,loinc,value,unit\n", "line 1: the header lacks the column 'observed_at'"},
           {"patient,loinc,value,unit,observed_at,colour\n", "line 1: unknown column 'colour'"},
           {"patient,patient,loinc,value,unit,observed_at\n", "line 1: column 'patient' twice"},
           {header + "p0123456789ab,751-8,0.8,10*9/L\n", "line 2: 4 fields, but the header names 5"},
           {header + "p0123456789ab,751-8,low,10*9/L,2026-11-02T08:30:00Z\n",
            "line 2: value: 'low' is not a number"},
           {header + ",751-8,0.8,10*9/L,2026-11-02T08:30:00Z\n", "line 2: patient: is required"},
           {header + "p0123456789ab,751-8,0.8,10*9/L,2026-11-02 08:30\n",
            "line 2: observed_at: '2026-11-02 08:30' is not an RFC 3339 time"},
           {header + "\"p0123456789ab\",751-8,0.8,10*9/L,2026-11-02T08:30:00Z\n",
            "line 2: quoted fields are not read"},
       }) {
    auto lines = ParseLabFile(bad.text);
    EXPECT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument) << bad.text;
    EXPECT_THAT(std::string(lines.status().message()), HasSubstr(bad.message)) << bad.text;
  }
}

}  // namespace
}  // namespace casehub::casectl
