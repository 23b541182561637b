//===- Tuner.cpp - Tuning the look-back schedules of a plan ---------------===//

#include "runtime/opencl/Tuner.h"

#include "runtime/cpu/CpuExecutor.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/DeviceTimer.h"
#include "runtime/opencl/KernelAbi.h"
#include "runtime/opencl/PlanExecutor.h"
#include "runtime/opencl/Program.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <map>
#include <cstdlib>
#include <random>
#include <sstream>

namespace sluice::runtime::opencl {

namespace {

bool sameSchedule(const LookbackSchedule &a, const LookbackSchedule &b) {
  return a.chunk == b.chunk && a.workGroup == b.workGroup && a.mode == b.mode;
}

/// Every Lookback step of `steps` (Loop bodies included), in order.
void collectLookbacks(const std::vector<Step> &steps,
                      std::vector<const Step *> &out) {
  for (const Step &step : steps) {
    if (step.kind == Step::Kind::Loop)
      collectLookbacks(step.body, out);
    if (step.kind == Step::Kind::Lookback && !step.body.empty())
      out.push_back(&step);
  }
}

/// SLUICE_TUNE_ONEPASS=1 adds the one-pass schedules to the candidates.
bool onePassFromEnvironment() {
  const char *value = std::getenv("SLUICE_TUNE_ONEPASS");
  return value && std::string(value) == "1";
}
} // namespace

std::string compareTunedResults(const std::vector<Tensor> &got,
                                const std::vector<Tensor> &expected,
                                double tolerance) {
  if (got.size() != expected.size())
    return "a different number of results";
  for (size_t r = 0; r < got.size(); ++r) {
    if (got[r].shape() != expected[r].shape())
      return "result " + std::to_string(r) + " has another shape";
    int64_t n = got[r].numElements();
    // A 16-bit result may round the other way where a schedule sums in
    // another order: two of its ulps relative to the largest magnitude.
    double allowed = tolerance;
    if (expected[r].dtype() == DType::BF16)
      allowed = std::max(allowed, 0x1p-6);
    else if (expected[r].dtype() == DType::F16)
      allowed = std::max(allowed, 0x1p-9);
    double scale = FLT_MIN;
    for (int64_t i = 0; i < n; ++i) {
      double e = expected[r].getDouble(i);
      if (std::isfinite(e))
        scale = std::max(scale, std::fabs(e));
    }
    for (int64_t i = 0; i < n; ++i) {
      double e = expected[r].getDouble(i), g = got[r].getDouble(i);
      bool same = std::isnan(e) ? std::isnan(g)
                  : std::isinf(e)
                      ? g == e
                      : std::isfinite(g) && std::fabs(g - e) <= allowed * scale;
      if (!same) {
        char text[160];
        std::snprintf(text, sizeof text,
                      "result %zu element %lld is %.9g, the default's %.9g",
                      r, static_cast<long long>(i), g, e);
        return text;
      }
    }
  }
  return "";
}

std::vector<LookbackSchedule>
lookbackCandidates(const DeviceInfo &device, const LookbackSchedule &fallback,
                   int64_t steps, bool chunked, int random, uint64_t seed,
                   bool onePass, bool tile, bool words, bool walk, bool rows,
                   int64_t walkSteps, int64_t rowsSteps, bool walkPairs) {
  std::vector<int64_t> chunks;
  if (chunked) {
    for (int64_t c = kMinLookbackChunk; c <= kMaxLookbackChunk; c *= 2) {
      chunks.push_back(c);
      if (c >= steps) // every larger chunk is one block too
        break;
    }
  } else {
    chunks.push_back(0);
  }
  std::vector<LookbackMode> modes{LookbackMode::ThreePass};
  if (device.forwardProgress && onePass) {
    modes.push_back(LookbackMode::OnePass);
    if (tile)
      modes.push_back(LookbackMode::OnePassTile);
  }
  std::vector<LookbackSchedule> grid;
  for (LookbackMode mode : modes)
    for (int64_t workGroup : {64, 128, 256})
      for (int64_t chunk : chunks) {
        LookbackSchedule s{chunk, workGroup, mode};
        if (!sameSchedule(s, fallback))
          grid.push_back(s);
      }
  // The flag-word one pass runs at its one chunk.
  if (device.forwardProgress && onePass && words && chunked)
    for (int64_t workGroup : {64, 128, 256}) {
      LookbackSchedule s{kOnePassWordsSteps, workGroup,
                         LookbackMode::OnePassWords};
      if (!sameSchedule(s, fallback))
        grid.push_back(s);
    }
  // The channel-group walk at every chunk made of its parts (walkSteps),
  // and at the smallest such chunk where T is shorter.
  if (walk && chunked)
    for (int64_t workGroup : {64, 128, 256, 512})
      for (int64_t chunk : chunks) {
        if (chunk % walkSteps != 0 && chunk < steps)
          continue;
        chunk = std::max(chunk, walkSteps);
        for (LookbackMode mode :
             {LookbackMode::Walk, LookbackMode::WalkPairs}) {
          if (mode == LookbackMode::WalkPairs && !walkPairs)
            continue;
          LookbackSchedule s{chunk, workGroup, mode};
          if (!sameSchedule(s, fallback))
            grid.push_back(s);
        }
      }
  // The row one pass at the chunks of kOnePassRowsMinItems to
  // onePassRowsMaxParts parts of rowsSteps (its work-group: the parts), up
  // to kOnePassRowsStagedSteps steps.
  if (device.forwardProgress && onePass && rows && chunked)
    for (int64_t chunk = kOnePassRowsMinItems * rowsSteps;
         chunk <= onePassRowsMaxParts(rowsSteps) * rowsSteps; chunk *= 2) {
      LookbackSchedule s{chunk, chunk / rowsSteps, LookbackMode::OnePassRows};
      if (!sameSchedule(s, fallback))
        grid.push_back(s);
      if (chunk >= steps)
        break;
    }
  if (random > 0 && static_cast<size_t>(random) < grid.size()) {
    std::mt19937_64 generator(seed);
    std::shuffle(grid.begin(), grid.end(), generator);
    grid.resize(static_cast<size_t>(random));
  }
  grid.insert(grid.begin(), fallback);
  return grid;
}

bool hasLookbacks(const Plan &plan) {
  std::vector<const Step *> lookbacks;
  collectLookbacks(plan.steps, lookbacks);
  return !lookbacks.empty();
}

std::vector<TunedStep> tuneLookbacks(Context &context, const Plan &plan,
                                     const std::shared_ptr<const Program> &program,
                                     const std::vector<Tensor> &args,
                                     const TuneOptions &options,
                                     TuningCache &cache) {
  std::vector<const Step *> lookbacks;
  collectLookbacks(plan.steps, lookbacks);
  if (lookbacks.empty())
    throw Error("model '" + plan.model +
                "' has no look-back scan to tune (only a scan over a long "
                "axis with few channels runs by look-back)");
  // The default schedules (no cache), and the reference results.
  PlanExecutorOptions plain;
  plain.useTuningCache = false;
  std::map<std::string, LookbackSchedule> defaults;
  plain.onLookbackSchedule = [&](const Step &step, const LookbackSchedule &s) {
    defaults[step.body[0].name] = s;
  };
  std::vector<Tensor> expected = executeOnOpencl(context, plan, program, args, plain);
  plain.onLookbackSchedule = nullptr;

  std::vector<int64_t> dims = bindDims(plan, args);
  for (const auto &[kernel, s] : defaults)
    for (const Step *step : lookbacks)
      if (step->body[0].name == kernel && step->chunkDim >= 0)
        dims[step->chunkDim] = s.chunk;
  int64_t parallelism = std::max<int64_t>(1, context.device().computeUnits);
  DeviceTimer timer(context);
  std::vector<TunedStep> tuned;
  for (const Step *step : lookbacks) {
    TunedStep t;
    t.kernel = step->body[0].name;
    t.channels = step->blockItems.evaluate(dims);
    t.steps = step->scanSteps.evaluate(dims);
    t.key = TuningKey{tuningDeviceKey(context.device()),
                      tuningKernelKey(t.kernel,
                                      program ? program->sourceHash() : ""),
                      tuningSizeClass(t.channels, t.steps,
                                      step->stepStride.evaluate(dims))};
    t.runs = stepSelected(*step, dims, parallelism);
    if (!t.runs) {
      tuned.push_back(std::move(t));
      continue;
    }
    LookbackSchedule fallback = defaults[t.kernel];
    for (const LookbackSchedule &s : lookbackCandidates(
             context.device(), fallback, t.steps, step->chunkDim >= 0,
             options.random, options.seed + tuned.size(),
             options.onePass || onePassFromEnvironment(),
             program && program->hasKernel(onePassTileKernelName(t.kernel)),
             program && program->hasKernel(onePassWordsKernelName(t.kernel)),
             program && program->hasKernel(walkKernelName(t.kernel)),
             program && program->hasKernel(onePassRowsKernelName(t.kernel)),
             walkPartSteps(*step), rowsPartSteps(*step),
             program && program->hasKernel(walkPairsKernelName(t.kernel)))) {
      TunedCandidate c;
      c.schedule = s;
      c.isDefault = t.candidates.empty();
      PlanExecutorOptions trial = plain;
      trial.lookbackSchedules[t.kernel] = s;
      try {
        std::vector<Tensor> got =
            executeOnOpencl(context, plan, program, args, trial);
        c.problem = compareTunedResults(got, expected, options.tolerance);
        c.matches = c.problem.empty();
        if (c.matches) {
          PlanExecutorOptions timedOptions = timer.timed(trial);
          std::vector<double> times;
          for (int run = 0; run < std::max(1, options.runs); ++run) {
            executeOnOpencl(context, plan, program, args, timedOptions);
            times.push_back(timer.milliseconds());
          }
          c.milliseconds = medianOf(times);
        }
      } catch (const std::exception &e) {
        c.matches = false;
        c.problem = e.what();
      }
      t.candidates.push_back(std::move(c));
    }
    for (size_t i = 0; i < t.candidates.size(); ++i)
      if (t.candidates[i].matches &&
          (!t.candidates[t.winner].matches ||
           t.candidates[i].milliseconds < t.candidates[t.winner].milliseconds))
        t.winner = i;
    const TunedCandidate &best = t.candidates[t.winner];
    if (!best.matches)
      throw Error("tuning kernel '" + t.kernel + "' of model '" + plan.model +
                  "': the default schedule failed: " + best.problem);
    cache.put(t.key, TuningEntry{best.schedule,
                                 static_cast<int64_t>(std::llround(
                                     best.milliseconds * 1000.0))});
    tuned.push_back(std::move(t));
  }
  cache.save();
  return tuned;
}

std::string formatTuneTable(const std::string &model,
                            const std::vector<TunedStep> &steps) {
  std::ostringstream os;
  char line[256];
  for (const TunedStep &t : steps) {
    os << "tune model=" << model << " kernel=" << t.kernel
       << " size_class=" << t.key.sizeClass << " channels=" << t.channels
       << " steps=" << t.steps << "\n";
    if (!t.runs) {
      os << "  not run at these shapes (the channel-parallel scan is "
            "chosen): nothing tuned\n";
      continue;
    }
    os << "     chunk  work_group  mode              ms  check\n";
    for (const TunedCandidate &c : t.candidates) {
      std::snprintf(line, sizeof line, "  %8lld  %10lld  %-10s  %10.4f  %s%s\n",
                    static_cast<long long>(c.schedule.chunk),
                    static_cast<long long>(c.schedule.workGroup),
                    lookbackModeName(c.schedule.mode), c.milliseconds,
                    c.matches ? "ok" : ("FAILED: " + c.problem).c_str(),
                    c.isDefault ? " (default)" : "");
      os << line;
    }
    const TunedCandidate &w = t.candidates[t.winner];
    std::snprintf(line, sizeof line,
                  "  winner: chunk=%lld work_group=%lld mode=%s ms=%.4f "
                  "(default %.4f)\n",
                  static_cast<long long>(w.schedule.chunk),
                  static_cast<long long>(w.schedule.workGroup),
                  lookbackModeName(w.schedule.mode), w.milliseconds,
                  t.candidates.front().milliseconds);
    os << line;
  }
  return os.str();
}

} // namespace sluice::runtime::opencl
