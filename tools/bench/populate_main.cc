// casehub-populate: fills a data directory with a synthetic network's
// patients, writing through the engine in process (not over gRPC), so a
// large population is a matter of the engine's speed alone.
//
//   casehub-populate --config deploy/casehub.demo.textproto --data_dir DIR
//                    --patients 20000 [--seed 1] [--threads 2] [--compact]
//                    [--first_patient N]   (a part, or a resumed run)
//
// Each patient's history (patient_history.h) is a function of the seed and
// the patient's number, on a clock of its own; only the random patient ids
// differ between runs. A progress bar goes to stderr; the summary (patients,
// events, elapsed time, the data directory's size) to stdout.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "casehub/status_macros.h"
#include "services/common/clock.h"
#include "services/hub/config.h"
#include "tools/bench/data_dir_size.h"
#include "tools/bench/in_process_network.h"
#include "tools/bench/patient_history.h"
#include "tools/bench/progress_bar.h"

ABSL_FLAG(std::string, config, "", "HubConfig text file: the network's sites and plugins");
ABSL_FLAG(std::string, data_dir, "", "the data directory to fill; overrides the config's");
ABSL_FLAG(uint64_t, patients, 1000, "patients to write");
ABSL_FLAG(uint64_t, first_patient, 0,
          "number of the first patient to write: a population built in parts, or one resumed "
          "after an interruption (a patient the directory holds already, whole or in part, is "
          "skipped)");
ABSL_FLAG(uint64_t, seed, 1, "the population's seed: the same seed writes the same histories");
ABSL_FLAG(int, threads, 2, "threads writing patients at once");
ABSL_FLAG(std::string, history_end, "2026-10-01",
          "UTC day on which every history stops; registrations fall in the 3 years before");
ABSL_FLAG(bool, compact, false,
          "flush and fully compact the data directory at the end, so its size is the data's");

namespace casehub::bench {
namespace {

absl::StatusOr<v1::HubConfig> ResolveConfig() {
  if (absl::GetFlag(FLAGS_config).empty()) {
    return absl::InvalidArgumentError("--config is required (the network's sites and plugins)");
  }
  ASSIGN_OR_RETURN(v1::HubConfig config, hub::LoadConfig(absl::GetFlag(FLAGS_config)));
  if (!absl::GetFlag(FLAGS_data_dir).empty()) config.set_data_dir(absl::GetFlag(FLAGS_data_dir));
  // Plugins default to ../plugins next to this binary, as for casehub.
  hub::ApplyDefaults(std::filesystem::canonical("/proc/self/exe").parent_path().string(), config);
  return config;
}

absl::StatusOr<PopulationSpec> SpecOf(const v1::HubConfig& config) {
  PopulationSpec spec;
  spec.seed = absl::GetFlag(FLAGS_seed);
  for (const v1::Site& site : config.sites()) spec.site_ids.push_back(site.id());
  if (spec.site_ids.empty()) return absl::InvalidArgumentError("the config has no sites");
  absl::CivilDay end;
  if (!absl::ParseCivilTime(absl::GetFlag(FLAGS_history_end), &end)) {
    return absl::InvalidArgumentError("--history_end must be a day YYYY-MM-DD");
  }
  spec.history_end = absl::FromCivil(end, absl::UTCTimeZone());
  return spec;
}

struct Written {
  uint64_t events = 0;
  // Patients of the range the directory held already.
  uint64_t skipped = 0;
};

// Writes patients first..first+patients-1 with `threads` workers, each
// taking the next patient number; stops at the first error.
absl::StatusOr<Written> WritePatients(const InProcessNetwork& network, const PopulationSpec& spec,
                                      uint64_t first, uint64_t patients, int threads) {
  const uint64_t end = first + patients;
  std::atomic<uint64_t> next{first}, done{0}, events{0}, skipped{0};
  absl::Mutex error_mu;
  absl::Status first_error;
  {
    ProgressBar progress(done, patients);
    std::vector<std::thread> workers;
    for (int i = 0; i < threads; ++i) {
      workers.emplace_back([&] {
        ManualClock clock(absl::UnixEpoch());
        std::unique_ptr<engine::Engine> engine = network.NewEngine(&clock);
        for (uint64_t patient = next++; patient < end; patient = next++) {
          absl::StatusOr<bool> earlier = PatientWritten(network.store(), spec, patient);
          absl::StatusOr<uint64_t> written = uint64_t{0};
          if (!earlier.ok()) {
            written = earlier.status();
          } else if (*earlier) {
            ++skipped;
          } else {
            written = PopulatePatient(*engine, clock, spec, patient);
          }
          if (!written.ok()) {
            absl::MutexLock lock(&error_mu);
            if (first_error.ok()) first_error = written.status();
            next = end;
            return;
          }
          events += *written;
          ++done;
        }
      });
    }
    for (std::thread& worker : workers) worker.join();
  }
  if (!first_error.ok()) return first_error;
  return Written{events.load(), skipped.load()};
}

absl::Status Run() {
  ASSIGN_OR_RETURN(v1::HubConfig config, ResolveConfig());
  ASSIGN_OR_RETURN(PopulationSpec spec, SpecOf(config));
  const uint64_t patients = absl::GetFlag(FLAGS_patients);
  if (patients == 0) return absl::InvalidArgumentError("--patients must be at least 1");
  const int threads = std::max(1, absl::GetFlag(FLAGS_threads));

  const absl::Time started = absl::Now();
  ASSIGN_OR_RETURN(std::unique_ptr<InProcessNetwork> network, InProcessNetwork::Open(config));
  const uint64_t first = absl::GetFlag(FLAGS_first_patient);
  ASSIGN_OR_RETURN(const Written written, WritePatients(*network, spec, first, patients, threads));
  const uint64_t events = written.events;
  // The writes were not synced: the flush makes them durable.
  RETURN_IF_ERROR(network->store().Flush());
  network.reset();
  const absl::Duration elapsed = absl::Now() - started;
  if (absl::GetFlag(FLAGS_compact)) RETURN_IF_ERROR(CompactDataDir(config.data_dir()));
  ASSIGN_OR_RETURN(uint64_t bytes, DirectoryBytes(config.data_dir()));

  const double seconds = absl::ToDoubleSeconds(elapsed);
  std::cout << absl::StrFormat(
      "patients %d, events %d, elapsed %.1f s (%.0f patients/s, %.0f events/s), threads %d\n",
      patients, events, seconds, static_cast<double>(patients) / seconds,
      static_cast<double>(events) / seconds, threads);
  if (first > 0 || written.skipped > 0) {
    // The directory holds more than this run wrote: no size per event.
    std::cout << absl::StrFormat(
        "patients %d to %d, %d of them written before and skipped; data directory %s: %d bytes%s\n",
        first, first + patients - 1, written.skipped, config.data_dir(), bytes,
        absl::GetFlag(FLAGS_compact) ? " after compaction" : " (not compacted)");
    return absl::OkStatus();
  }
  std::cout << absl::StrFormat(
      "data directory %s: %d bytes%s, %.0f bytes/event\n", config.data_dir(), bytes,
      absl::GetFlag(FLAGS_compact) ? " after compaction" : " (not compacted)",
      events == 0 ? 0.0 : static_cast<double>(bytes) / static_cast<double>(events));
  return absl::OkStatus();
}

}  // namespace
}  // namespace casehub::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "fills a data directory with synthetic patients through the engine. Typical:\n"
      "  casehub-populate --config deploy/casehub.demo.textproto --data_dir DIR --patients 20000");
  absl::ParseCommandLine(argc, argv);
  // The engine runs as in casehub (services/hub/main.cc): without abseil's
  // lock-order graph.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::Status done = casehub::bench::Run();
  if (!done.ok()) {
    std::cerr << "casehub-populate: " << done << "\n";
    return 1;
  }
  return 0;
}
