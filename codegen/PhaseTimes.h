//===- PhaseTimes.h - Wall-clock time of each compilation phase -*- C++ -*-===//
//
// `sluice run|bench|dump --time-phases` reports, on stderr, where the time a
// user waits for before the first result goes: the frontend, the passes,
// plan building, the lowering to LLVM, the JIT (LLVM's optimizer and code
// generator) and, when a call needs them, the deferred kernels.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_PHASETIMES_H
#define SLUICE_CODEGEN_PHASETIMES_H

#include <chrono>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace sluice::codegen {

/// Milliseconds spent in each phase of one compilation, in the order the
/// phases first ran. Thread-safe (JIT parts compile on several threads).
class PhaseTimes {
public:
  /// Adds `ms` to `phase`. A `detail` phase is a part of the phase before
  /// it (summed over threads): it is printed indented and left out of the
  /// total.
  void add(const std::string &phase, double ms, bool detail = false) {
    std::lock_guard<std::mutex> lock(mutex);
    for (Entry &e : entries)
      if (e.name == phase) {
        e.ms += ms;
        return;
      }
    entries.push_back({phase, ms, detail});
  }

  /// The phases and their milliseconds, in order.
  std::vector<std::pair<std::string, double>> phases() const {
    std::lock_guard<std::mutex> lock(mutex);
    std::vector<std::pair<std::string, double>> out;
    for (const Entry &e : entries)
      out.emplace_back(e.name, e.ms);
    return out;
  }

  /// The report `--time-phases` prints:
  ///   sluice: compile time 412.3 ms
  ///     frontend      3.1 ms
  ///     ...
  ///       optimize  250.0 ms (summed over threads)
  std::string report() const {
    std::lock_guard<std::mutex> lock(mutex);
    double total = 0;
    for (const Entry &e : entries)
      if (!e.detail)
        total += e.ms;
    char line[160];
    std::snprintf(line, sizeof line, "sluice: compile time %.1f ms\n", total);
    std::string out = line;
    for (const Entry &e : entries) {
      std::snprintf(line, sizeof line, "  %s%-36s %8.1f ms%s\n",
                    e.detail ? "  " : "", e.name.c_str(), e.ms,
                    e.detail ? " (summed over threads)" : "");
      out += line;
    }
    return out;
  }

private:
  struct Entry {
    std::string name;
    double ms;
    bool detail;
  };
  mutable std::mutex mutex;
  std::vector<Entry> entries;
};

/// Adds the time from its construction to its destruction to `phase` of
/// `times`; does nothing when `times` is null.
class PhaseTimer {
public:
  PhaseTimer(PhaseTimes *times, std::string phase, bool detail = false)
      : times(times), phase(std::move(phase)), detail(detail),
        start(std::chrono::steady_clock::now()) {
    // Listed from its start: the details added meanwhile follow it.
    if (times)
      times->add(this->phase, 0.0, detail);
  }
  ~PhaseTimer() {
    if (times)
      times->add(phase, std::chrono::duration<double, std::milli>(
                            std::chrono::steady_clock::now() - start)
                            .count(),
                 detail);
  }
  PhaseTimer(const PhaseTimer &) = delete;
  PhaseTimer &operator=(const PhaseTimer &) = delete;

private:
  PhaseTimes *times;
  std::string phase;
  bool detail;
  std::chrono::steady_clock::time_point start;
};

} // namespace sluice::codegen

#endif // SLUICE_CODEGEN_PHASETIMES_H
