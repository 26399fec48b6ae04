// A stored element appended unparsed reaches the client as the element it
// is, in the order appended, beside the reply's parsed fields.
#include "services/engine/stored_elements.h"

#include "casehub/v1/task.pb.h"
#include "gtest/gtest.h"

namespace casehub::engine {
namespace {

v1::Task TaskTitled(const std::string& id, const std::string& title) {
  v1::Task task;
  task.set_id(id);
  task.set_title(title);
  task.set_overdue(true);
  return task;
}

TEST(StoredElementsTest, TheClientParsesAppendedElementsInOrderBesideTheOtherFields) {
  const v1::Task first = TaskTitled("t1", "Complete staging");
  const v1::Task second = TaskTitled("t2", "Nadir blood count");
  v1::ListWorklistResponse reply;
  reply.set_next_page_token("token");
  AppendStoredElement(reply, v1::ListWorklistResponse::kTasksFieldNumber,
                      first.SerializeAsString());
  AppendStoredElement(reply, v1::ListWorklistResponse::kTasksFieldNumber,
                      second.SerializeAsString());
  EXPECT_EQ(reply.tasks_size(), 0) << "the hub holds them unparsed";

  v1::ListWorklistResponse received;
  ASSERT_TRUE(received.ParseFromString(reply.SerializeAsString()));
  ASSERT_EQ(received.tasks_size(), 2);
  EXPECT_EQ(received.tasks(0).SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(received.tasks(1).SerializeAsString(), second.SerializeAsString());
  EXPECT_EQ(received.next_page_token(), "token");
  EXPECT_EQ(reply.ByteSizeLong(), reply.SerializeAsString().size())
      << "the reply's size, which bounds what a call may return, counts them";
}

}  // namespace
}  // namespace casehub::engine
