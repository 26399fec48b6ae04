// The standard services a gRPC operator expects: health checking and
// server reflection.
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "tests/api/hub_fixture.h"

namespace casehub::hub {
namespace {

using ::testing::HasSubstr;

// The tests speak raw protobuf bytes, so they need none of the services' stubs.
grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok()) << "no message was received";
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

// Sends one message on a bidi stream, half-closes, and keeps the first reply.
class OneExchange : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  OneExchange(grpc::GenericStub& stub, grpc::ClientContext* context, const std::string& method,
              const std::string& request)
      : request_(ToByteBuffer(request)) {
    stub.PrepareBidiStreamingCall(context, method, grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&response_);
    StartCall();
  }

  // Waits for the stream to end; returns the first reply, empty if none came.
  std::string Await(grpc::Status& status) {
    std::unique_lock<std::mutex> lock(mu_);
    done_cv_.wait(lock, [&] { return done_; });
    status = status_;
    return read_ ? ToString(response_) : "";
  }

 private:
  void OnReadDone(bool ok) override { read_ = ok; }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    done_cv_.notify_one();
  }

  grpc::ByteBuffer request_;
  grpc::ByteBuffer response_;
  // Set before OnDone, which gRPC calls after every other reaction.
  bool read_ = false;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  grpc::Status status_;
};

class StandardServicesTest : public HubFixture {};

TEST_F(StandardServicesTest, HealthServiceReportsServing) {
  // grpc.health.v1.HealthCheckRequest{service: ""} serializes to zero bytes.
  grpc::ByteBuffer request_bytes = ToByteBuffer("");
  grpc::GenericStub stub(channel_);
  auto context = Anonymous();
  grpc::Status status;
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  stub.UnaryCall(context.get(), "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request_bytes, &response, [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  ASSERT_TRUE(status.ok()) << status.error_message();
  // HealthCheckResponse{status: SERVING (1)}: field 1, varint 1.
  EXPECT_EQ(ToString(response), std::string("\x08\x01", 2));
}

TEST_F(StandardServicesTest, ReflectionListsCasehubServices) {
  grpc::GenericStub stub(channel_);
  auto context = Anonymous();
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, 0.
  OneExchange exchange(stub, context.get(),
                       "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                       std::string("\x3a\x00", 2));
  grpc::Status status;
  // ListServiceResponse holds the service names as plain strings.
  const std::string response = exchange.Await(status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(response, HasSubstr("casehub.v1.PatientService"));
  EXPECT_THAT(response, HasSubstr("casehub.v1.CaseService"));
  EXPECT_THAT(response, HasSubstr("grpc.health.v1.Health"));
}

}  // namespace
}  // namespace casehub::hub
