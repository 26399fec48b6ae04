#include <exception>
#include <string>

#include "casehub/plugin.h"
#include "google/protobuf/arena.h"

namespace casehub::sdk {

void Plugin::DeclareInterests(v1::PluginDescriptor&) const {}

absl::Status Plugin::Configure(absl::string_view settings) {
  if (settings.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError("this plugin takes no settings");
}

absl::Status Plugin::Validate(const v1::Command&, const v1::PatientState&, absl::Time) const {
  return absl::OkStatus();
}

std::vector<v1::Event> Plugin::React(const v1::Event&,
                                     const v1::PatientState&) const {
  return {};
}

std::vector<v1::IndicatorEntry> Plugin::IndicatorItems(const v1::PatientState&) const {
  return {};
}

namespace internal {
namespace {

int WriteMessage(const google::protobuf::Message& message, casehub_sink out) {
  std::string bytes;
  if (!message.SerializeToString(&bytes)) return CASEHUB_PLUGIN_FAILED;
  out.write(out.context, reinterpret_cast<const uint8_t*>(bytes.data()),
            bytes.size());
  return CASEHUB_PLUGIN_OK;
}

// An arena for one call's request. A patient's state is hundreds of small
// messages; allocating and freeing each of them was most of a plugin call's
// cost, and on an arena they go in a few blocks, freed at once.
google::protobuf::ArenaOptions RequestArenaOptions() {
  google::protobuf::ArenaOptions options;
  options.start_block_size = 64 * 1024;
  options.max_block_size = 1024 * 1024;
  return options;
}

// The request parsed on `arena`, or null when the bytes are not one.
template <typename Request>
const Request* ParseOnArena(google::protobuf::Arena& arena, const uint8_t* bytes, size_t size) {
  Request* parsed = google::protobuf::Arena::CreateMessage<Request>(&arena);
  return parsed->ParseFromArray(bytes, static_cast<int>(size)) ? parsed : nullptr;
}

// Runs `body` so that no exception crosses the C boundary.
template <typename Body>
int Guarded(Body body) {
  try {
    return body();
  } catch (const std::exception&) {
    return CASEHUB_PLUGIN_FAILED;
  } catch (...) {
    return CASEHUB_PLUGIN_FAILED;
  }
}

}  // namespace

int Describe(const Plugin& plugin, casehub_sink out) {
  return Guarded([&] {
    v1::PluginDescriptor descriptor = plugin.Describe();
    plugin.DeclareInterests(descriptor);
    return WriteMessage(descriptor, out);
  });
}

int Validate(const Plugin& plugin, const uint8_t* request, size_t size,
             casehub_sink out) {
  return Guarded([&] {
    google::protobuf::Arena arena(RequestArenaOptions());
    const auto* parsed = ParseOnArena<v1::ValidateRequest>(arena, request, size);
    if (parsed == nullptr) return CASEHUB_PLUGIN_BAD_INPUT;
    const absl::Time now = absl::FromUnixSeconds(parsed->now().seconds()) +
                           absl::Nanoseconds(parsed->now().nanos());
    absl::Status status = plugin.Validate(parsed->command(), parsed->state(), now);
    v1::ValidateResponse response;
    response.set_code(static_cast<int32_t>(status.code()));
    response.set_message(std::string(status.message()));
    return WriteMessage(response, out);
  });
}

int React(const Plugin& plugin, const uint8_t* request, size_t size,
          casehub_sink out) {
  return Guarded([&] {
    google::protobuf::Arena arena(RequestArenaOptions());
    const auto* parsed = ParseOnArena<v1::ReactRequest>(arena, request, size);
    if (parsed == nullptr) return CASEHUB_PLUGIN_BAD_INPUT;
    v1::ReactResponse response;
    for (v1::Event& event : plugin.React(parsed->event(), parsed->state())) {
      *response.add_derived() = std::move(event);
    }
    return WriteMessage(response, out);
  });
}

int Configure(Plugin& plugin, const uint8_t* settings, size_t size,
              casehub_sink error_out) {
  return Guarded([&] {
    absl::Status status = plugin.Configure(
        absl::string_view(reinterpret_cast<const char*>(settings), size));
    if (status.ok()) return CASEHUB_PLUGIN_OK;
    std::string message(status.message());
    error_out.write(error_out.context, reinterpret_cast<const uint8_t*>(message.data()),
                    message.size());
    return CASEHUB_PLUGIN_BAD_INPUT;
  });
}

int IndicatorItems(const Plugin& plugin, const uint8_t* request, size_t size,
                   casehub_sink out) {
  return Guarded([&] {
    google::protobuf::Arena arena(RequestArenaOptions());
    const auto* parsed = ParseOnArena<v1::IndicatorItemsRequest>(arena, request, size);
    if (parsed == nullptr) return CASEHUB_PLUGIN_BAD_INPUT;
    v1::IndicatorItemsResponse response;
    for (v1::IndicatorEntry& entry : plugin.IndicatorItems(parsed->state())) {
      *response.add_entries() = std::move(entry);
    }
    return WriteMessage(response, out);
  });
}

}  // namespace internal
}  // namespace casehub::sdk
