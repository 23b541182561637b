//===- GemmTuning.cpp - CLBlast's matrix-product kernel, tuned ------------===//

#include "runtime/opencl/GemmTuning.h"

#include "runtime/Tensor.h"
#include "runtime/opencl/Context.h"
#include "runtime/opencl/DeviceTimer.h"
#include "runtime/opencl/OpenclError.h"
#include "runtime/opencl/Tuner.h"
#include "runtime/opencl/TuningCache.h"

#ifdef SLUICE_HAVE_CLBLAST
#include <clblast.h>
#endif

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <unordered_map>

namespace sluice::runtime::opencl {

const std::array<const char *, kXgemmParameterCount> kXgemmParameterNames = {
    "GEMMK", "KREG", "KWG", "KWI", "MDIMA", "MDIMC", "MWG", "NDIMB",
    "NDIMC", "NWG",  "SA",  "SB",  "STRM",  "STRN",  "VWM", "VWN"};

namespace {

bool multipleOf(int64_t value, int64_t of) { return of > 0 && value % of == 0; }

/// The candidates, written out: CLBlast 1.5.3's NVIDIA default and A100
/// sets, later releases' RTX 20xx-40xx sets (some devices share one), then 128
/// x 128 tiles of 8 x 8 results a work-item (with and without local memory, 4-
/// and 8-wide vectors), 64 x 128 tiles, and 64 x 64 tiles of 8 x 8 a work-item.
const std::vector<XgemmParameters> kCandidates = {
    {0, 1, 32, 2, 16, 16, 64, 16, 16, 64, 1, 1, 0, 0, 4, 4},
    {0, 1, 32, 2, 8, 8, 32, 16, 16, 64, 1, 1, 0, 0, 4, 4},
    {0, 1, 32, 2, 32, 32, 128, 8, 8, 64, 0, 1, 1, 1, 4, 4},
    {0, 1, 32, 2, 16, 16, 128, 32, 8, 128, 1, 1, 1, 1, 4, 4},
    {0, 1, 32, 2, 8, 32, 128, 16, 8, 128, 1, 1, 1, 1, 2, 2},
    {0, 1, 16, 2, 8, 8, 32, 8, 16, 128, 1, 0, 1, 1, 4, 8},
    {1, 8, 1, 1, 8, 8, 64, 8, 8, 64, 0, 0, 0, 0, 4, 8},
    {0, 1, 32, 2, 32, 8, 128, 16, 16, 64, 1, 1, 1, 1, 4, 4},
    {0, 1, 16, 2, 16, 16, 128, 16, 16, 128, 1, 1, 1, 1, 4, 4},
    {0, 1, 32, 2, 16, 16, 128, 16, 16, 128, 1, 1, 1, 1, 4, 4},
    {0, 1, 32, 2, 16, 16, 128, 16, 16, 128, 0, 0, 1, 1, 4, 4},
    {0, 1, 32, 2, 16, 16, 64, 16, 16, 128, 1, 1, 1, 1, 4, 8},
    {0, 1, 32, 2, 16, 16, 128, 16, 16, 128, 1, 1, 1, 1, 8, 8},
    {0, 1, 32, 2, 8, 8, 64, 8, 8, 64, 1, 1, 1, 1, 4, 4},
};

#ifdef SLUICE_HAVE_CLBLAST
using ClblastParameters = std::unordered_map<std::string, size_t>;

/// What a process has handed CLBlast for one device's f32 Xgemm.
struct DeviceXgemmState {
  /// CLBlast's own parameters, read before the first override: once they
  /// are, every product of the device takes `products`.
  std::optional<ClblastParameters> own;
  /// The parameters in effect (empty: CLBlast's own).
  NamedXgemmParameters applied;
  /// Size classes whose cache entry was refused or failed (warned once).
  std::set<std::string> refused;
  /// Held from choosing a product's parameters to its end (TunedXgemm),
  /// and by the tuner. Taken before deviceStatesMutex.
  std::mutex products;
};

/// Guards deviceStates and every DeviceXgemmState's members but `products`.
std::mutex deviceStatesMutex;
/// Per device (std::map: its nodes, and their mutexes, never move).
std::map<cl_device_id, DeviceXgemmState> deviceStates;

/// `parameters` with their names, as the tuning cache stores them.
NamedXgemmParameters namedParameters(const XgemmParameters &parameters) {
  NamedXgemmParameters named;
  for (size_t i = 0; i < kXgemmParameterCount; ++i)
    named.emplace_back(kXgemmParameterNames[i], parameters[i]);
  return named;
}

/// Throws Error naming `what`, the status and the device unless `status`
/// is success.
void checkClblast(clblast::StatusCode status, const std::string &what,
                  const DeviceInfo &device) {
  if (status != clblast::StatusCode::kSuccess)
    throw Error("OpenCL: CLBlast " + what + " failed with " +
                clblastStatusName(static_cast<int>(status)) + " (" +
                std::to_string(static_cast<int>(status)) + ") on " +
                device.deviceName);
}

/// Makes `wanted` (empty: CLBlast's own) the device's Xgemm parameters;
/// deviceStatesMutex held.
void applyLocked(const DeviceInfo &device, DeviceXgemmState &state,
                 const NamedXgemmParameters &wanted) {
  if (wanted == state.applied)
    return;
  if (!state.own) {
    ClblastParameters own;
    checkClblast(clblast::RetrieveParameters(device.device, "Xgemm",
                                             clblast::Precision::kSingle, own),
                 "RetrieveParameters(Xgemm)", device);
    state.own = own;
  }
  ClblastParameters parameters = *state.own;
  std::string text;
  for (const auto &[name, value] : wanted) {
    parameters[name] = static_cast<size_t>(value);
    text += " " + name + "=" + std::to_string(value);
  }
  checkClblast(clblast::OverrideParameters(device.device, "Xgemm",
                                           clblast::Precision::kSingle,
                                           parameters),
               "OverrideParameters(Xgemm," + text + ")", device);
  state.applied = wanted;
}

/// Why the entry's parameters are not a complete set that fits `device`, or
/// "".
std::string entryProblem(const GemmTuningEntry &entry,
                         const DeviceInfo &device) {
  XgemmParameters parameters;
  parameters.fill(-1);
  for (const auto &[name, value] : entry.parameters) {
    auto at =
        std::find_if(kXgemmParameterNames.begin(), kXgemmParameterNames.end(),
                     [&](const char *known) { return name == known; });
    if (at == kXgemmParameterNames.end())
      return "'" + name + "' is no Xgemm parameter";
    parameters[static_cast<size_t>(at - kXgemmParameterNames.begin())] = value;
  }
  for (size_t i = 0; i < kXgemmParameterCount; ++i)
    if (parameters[i] < 0)
      return std::string("'") + kXgemmParameterNames[i] + "' is missing";
  return xgemmProblem(parameters, device);
}

/// Stops using the cache's entry for `sizeClass` in this process, with one
/// warning; deviceStatesMutex held.
void refuseLocked(const DeviceInfo &device, DeviceXgemmState &state,
                  const std::string &sizeClass, const std::string &why) {
  if (state.refused.insert(sizeClass).second)
    std::cerr << "sluice: warning: ignoring the tuning cache's CLBlast "
                 "parameters for matrix products of size class "
              << sizeClass << " on " << device.deviceName << ": " << why
              << "; CLBlast's own are used\n";
}

/// CLBlast's XGEMM_MIN_INDIRECT_SIZE for the device (products of fewer
/// multiply-adds than its cube run XgemmDirect).
size_t minIndirectSize(const DeviceInfo &device) {
  ClblastParameters routine;
  checkClblast(clblast::RetrieveParameters(device.device, "GemmRoutine",
                                           clblast::Precision::kSingle,
                                           routine),
               "RetrieveParameters(GemmRoutine)", device);
  auto found = routine.find("XGEMM_MIN_INDIRECT_SIZE");
  return found == routine.end() ? 0 : found->second;
}
#endif

/// Random operands of one product, on the device.
struct GemmOperands {
  Buffer a, b, c;
  GemmOperand opA, opB, opC;
  size_t resultElements = 0;
};

/// Uploads random A and B, and allocates C (alpha 1, beta 0: C is only
/// written), for `shape`. Throws Error when the sizes overflow.
GemmOperands makeOperands(Context &context, const GemmShape &shape) {
  int64_t sizeA, sizeB, sizeC, all;
  auto size = [](size_t n) { return static_cast<int64_t>(n); };
  if (!multiplySizes(size(shape.m), size(shape.k), sizeA) ||
      !multiplySizes(size(shape.k), size(shape.n), sizeB) ||
      !multiplySizes(size(shape.m), size(shape.n), sizeC) ||
      !multiplySizes(std::max({sizeA, sizeB, sizeC}), size(shape.batch), all))
    throw Error("OpenCL: tuning a matrix product of sizes that overflow (" +
                gemmSizeClass(shape) + ")");
  GemmOperands operands;
  auto upload = [&](size_t elements, unsigned seed, const char *what) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<float> distribution(-1, 1);
    std::vector<float> values(elements * shape.batch);
    for (float &v : values)
      v = distribution(random);
    Buffer buffer =
        context.buffers().allocate(values.size() * sizeof(float), what);
    context.upload(buffer, values.data(), values.size() * sizeof(float));
    return buffer;
  };
  size_t elementsA = static_cast<size_t>(sizeA),
         elementsB = static_cast<size_t>(sizeB),
         elementsC = static_cast<size_t>(sizeC);
  operands.a = upload(elementsA, 1, "the gemm tuner's A");
  operands.b = upload(elementsB, 2, "the gemm tuner's B");
  operands.c = context.buffers().allocate(
      elementsC * shape.batch * sizeof(float), "the gemm tuner's C");
  operands.opA = {operands.a.handle(), 0, shape.transposeA ? shape.m : shape.k,
                  elementsA};
  operands.opB = {operands.b.handle(), 0, shape.transposeB ? shape.k : shape.n,
                  elementsB};
  operands.opC = {operands.c.handle(), 0, shape.n, elementsC};
  operands.resultElements = elementsC * shape.batch;
  return operands;
}

} // namespace

std::string gemmSizeClass(const GemmShape &shape) {
  std::string sizes = "m" + std::to_string(floorLog2(shape.m)) + ".n" +
                      std::to_string(floorLog2(shape.n)) + ".k" +
                      std::to_string(floorLog2(shape.k));
  if (shape.batch > 1)
    sizes += ".b" + std::to_string(floorLog2(shape.batch));
  if (shape.transposeA)
    sizes += ".ta";
  if (shape.transposeB)
    sizes += ".tb";
  return sizes;
}

std::string xgemmProblem(const XgemmParameters &p, const DeviceInfo &device) {
  for (size_t i : {GEMMK, SA, SB, STRM, STRN})
    if (p[i] != 0 && p[i] != 1)
      return std::string(kXgemmParameterNames[i]) + " is neither 0 nor 1";
  for (size_t i : {VWM, VWN})
    if (p[i] != 1 && p[i] != 2 && p[i] != 4 && p[i] != 8 && p[i] != 16)
      return std::string(kXgemmParameterNames[i]) +
             " is not a vector width (1, 2, 4, 8, 16)";
  for (size_t i : {KREG, KWG, KWI, MDIMA, MDIMC, MWG, NDIMB, NDIMC, NWG})
    if (p[i] < 1 || p[i] > 4096)
      return std::string(kXgemmParameterNames[i]) + " is outside 1..4096";
  if (!multipleOf(p[KWG], p[KWI]))
    return "KWG is not a multiple of KWI";
  if (p[GEMMK] == 0) {
    if (!multipleOf(p[KWG], p[MDIMC] * p[NDIMC] / p[MDIMA]) ||
        !multipleOf(p[KWG], p[MDIMC] * p[NDIMC] / p[NDIMB]))
      return "KWG is not a multiple of MDIMC*NDIMC/MDIMA and /NDIMB";
  } else {
    if (!multipleOf(p[KREG], p[VWN]))
      return "KREG is not a multiple of VWN";
    if (p[MDIMC] != p[MDIMA] || p[NDIMC] != p[NDIMB])
      return "GEMMK=1 needs MDIMA=MDIMC and NDIMB=NDIMC";
  }
  if (!multipleOf(p[MWG], p[MDIMC] * p[VWM]) ||
      !multipleOf(p[MWG], p[MDIMA] * p[VWM]))
    return "MWG is not a multiple of MDIMC*VWM and MDIMA*VWM";
  if (!multipleOf(p[NWG], p[NDIMC] * p[VWN]) ||
      !multipleOf(p[NWG], p[NDIMB] * p[VWN]))
    return "NWG is not a multiple of NDIMC*VWN and NDIMB*VWN";
  size_t workGroup = static_cast<size_t>(p[MDIMC] * p[NDIMC]);
  if (workGroup > device.maxWorkGroupSize)
    return "a work-group of " + std::to_string(workGroup) +
           " work-items (the device's most: " +
           std::to_string(device.maxWorkGroupSize) + ")";
  uint64_t local =
      sizeof(float) *
      static_cast<uint64_t>(p[SA] * p[KWG] * p[MWG] + p[SB] * p[KWG] * p[NWG]);
  if (local > device.localMemoryBytes)
    return std::to_string(local) + " bytes of local memory (the device has " +
           std::to_string(device.localMemoryBytes) + ")";
  return "";
}

std::string formatXgemmParameters(const XgemmParameters &parameters) {
  // The tile first (what tells candidates apart), then the rest.
  static constexpr size_t order[] = {MWG,   NWG, KWG,   MDIMC, NDIMC, MDIMA,
                                     NDIMB, VWM, VWN,   SA,    SB,    STRM,
                                     STRN,  KWI, GEMMK, KREG};
  std::string text;
  for (size_t i : order)
    text += (text.empty() ? "" : " ") + std::string(kXgemmParameterNames[i]) +
            "=" + std::to_string(parameters[i]);
  return text;
}

const std::vector<XgemmParameters> &xgemmCandidateTable() {
  return kCandidates;
}

std::vector<XgemmParameters> xgemmCandidates(const DeviceInfo &device) {
  std::vector<XgemmParameters> candidates;
  for (const XgemmParameters &candidate : kCandidates)
    if (xgemmProblem(candidate, device).empty())
      candidates.push_back(candidate);
  return candidates;
}

TunedXgemm useTunedXgemm(Context &context, const GemmShape &shape) {
  TunedXgemm result;
#ifdef SLUICE_HAVE_CLBLAST
  const DeviceInfo &device = context.device();
  TuningKey key{tuningDeviceKey(device), kXgemmF32Kernel, gemmSizeClass(shape)};
  std::optional<GemmTuningEntry> entry =
      TuningCache::forProcess().findGemm(key);
  DeviceXgemmState *state;
  {
    std::lock_guard<std::mutex> lock(deviceStatesMutex);
    auto found = deviceStates.find(device.device);
    if (!entry && (found == deviceStates.end() || !found->second.own))
      return result;
    state = &deviceStates[device.device];
  }
  result.lock_ = std::unique_lock<std::mutex>(state->products);
  result.device_ = &device;
  result.sizeClass_ = key.sizeClass;
  std::lock_guard<std::mutex> lock(deviceStatesMutex);
  if (entry && !entry->parameters.empty() &&
      !state->refused.count(key.sizeClass)) {
    std::string problem = entryProblem(*entry, device);
    if (!problem.empty())
      refuseLocked(device, *state, key.sizeClass, problem);
  }
  if (!entry || state->refused.count(key.sizeClass))
    entry = GemmTuningEntry();
  applyLocked(device, *state, entry->parameters);
  result.tuned_ = !entry->parameters.empty();
#else
  (void)context;
  (void)shape;
#endif
  return result;
}

void TunedXgemm::useOwnParameters() {
#ifdef SLUICE_HAVE_CLBLAST
  std::lock_guard<std::mutex> lock(deviceStatesMutex);
  applyLocked(*device_, deviceStates[device_->device], {});
#endif
  tuned_ = false;
}

void TunedXgemm::refuse(const std::string &why) {
#ifdef SLUICE_HAVE_CLBLAST
  std::lock_guard<std::mutex> lock(deviceStatesMutex);
  refuseLocked(*device_, deviceStates[device_->device], sizeClass_, why);
#else
  (void)why;
#endif
}

NamedXgemmParameters appliedXgemmParameters(const DeviceInfo &device) {
#ifdef SLUICE_HAVE_CLBLAST
  std::lock_guard<std::mutex> lock(deviceStatesMutex);
  auto found = deviceStates.find(device.device);
  if (found != deviceStates.end())
    return found->second.applied;
#else
  (void)device;
#endif
  return {};
}

TunedGemm tuneXgemm(Context &context, const GemmShape &product, int runs,
                    int samples, uint64_t seed, TuningCache &cache) {
  const DeviceInfo &device = context.device();
  // Alpha and beta do not choose the kernel; with beta 0 every candidate's
  // product is C = A B, comparable with CLBlast's own.
  GemmShape shape = product;
  shape.alpha = 1;
  shape.beta = 0;
  TunedGemm tuned;
  tuned.shape = shape;
  tuned.key = {tuningDeviceKey(device), kXgemmF32Kernel, gemmSizeClass(shape)};
#ifdef SLUICE_HAVE_CLBLAST
  size_t indirect = minIndirectSize(device);
  double multiplyAdds = static_cast<double>(shape.m) * shape.n * shape.k;
  if (multiplyAdds < static_cast<double>(indirect) * indirect * indirect) {
    tuned.indirect = false;
    return tuned;
  }
  std::vector<std::optional<XgemmParameters>> tries{std::nullopt};
  std::vector<XgemmParameters> grid = xgemmCandidates(device);
  if (samples > 0 && static_cast<size_t>(samples) < grid.size()) {
    std::mt19937_64 generator(seed);
    std::shuffle(grid.begin(), grid.end(), generator);
    grid.resize(static_cast<size_t>(samples));
  }
  for (const XgemmParameters &candidate : grid)
    tries.emplace_back(candidate);

  DeviceXgemmState *state;
  {
    std::lock_guard<std::mutex> lock(deviceStatesMutex);
    state = &deviceStates[device.device];
  }
  // No product of another thread runs between a candidate's parameters and
  // its products.
  std::lock_guard<std::mutex> products(state->products);
  GemmOperands operands = makeOperands(context, shape);
  // The caches are flushed before each timed product, as in a plan's call
  // (sluice-run --bench): with warm operands the H200 ranked the candidates
  // otherwise than its plans did (benchmarks/NOTES.md, session 33).
  Buffer flush = context.buffers().allocate(
      static_cast<size_t>(kCacheFlushBytes), "the gemm tuner's cache flush");
  // CLBlast's own product, which every candidate's must match.
  Tensor expected;
  for (size_t t = 0; t < tries.size(); ++t) {
    TunedGemmCandidate candidate;
    candidate.parameters = tries[t];
    try {
      {
        std::lock_guard<std::mutex> lock(deviceStatesMutex);
        applyLocked(device, *state,
                    tries[t] ? namedParameters(*tries[t])
                             : NamedXgemmParameters{});
      }
      sgemmAsConfigured(context, shape, operands.opA, operands.opB,
                        operands.opC);
      Tensor got = Tensor::uninitialized(
          DType::F32, {static_cast<int64_t>(operands.resultElements)},
          "the gemm tuner's product");
      context.download(operands.c, got);
      if (t == 0)
        expected = got;
      candidate.problem = compareTunedResults({got}, {expected}, 1e-4);
      candidate.matches = candidate.problem.empty();
      std::vector<double> times;
      for (int r = 0; r < std::max(1, runs) && candidate.matches; ++r) {
        OwnedEvent start, stop;
        enqueueTimestampFill(context.queue(), flush.handle(), flush.bytes(),
                             static_cast<cl_uint>(r), start);
        sgemmAsConfigured(context, shape, operands.opA, operands.opB,
                          operands.opC);
        enqueueTimestampFill(context.queue(), flush.handle(), sizeof(cl_uint),
                             static_cast<cl_uint>(r), stop);
        context.finish();
        cl_ulong begin = start.stamp(CL_PROFILING_COMMAND_END);
        cl_ulong end = stop.stamp(CL_PROFILING_COMMAND_START);
        times.push_back(end > begin ? static_cast<double>(end - begin) * 1e-6
                                    : 0.0);
      }
      candidate.milliseconds = medianOf(times);
    } catch (const Error &error) {
      if (t == 0)
        throw Error(std::string("tuning a matrix product (") +
                    gemmSizeClass(shape) +
                    "): CLBlast's own parameters "
                    "failed: " +
                    error.what());
      candidate.problem = error.what();
      candidate.matches = false;
    }
    tuned.candidates.push_back(candidate);
  }
  for (size_t t = 1; t < tuned.candidates.size(); ++t)
    if (tuned.candidates[t].matches &&
        tuned.candidates[t].milliseconds <
            tuned.candidates[tuned.winner].milliseconds)
      tuned.winner = t;
  const TunedGemmCandidate &winner = tuned.candidates[tuned.winner];
  GemmTuningEntry entry;
  if (winner.parameters)
    entry.parameters = namedParameters(*winner.parameters);
  entry.microseconds = std::llround(winner.milliseconds * 1000);
  cache.putGemm(tuned.key, entry);
  {
    std::lock_guard<std::mutex> lock(deviceStatesMutex);
    state->refused.erase(tuned.key.sizeClass);
    applyLocked(device, *state, entry.parameters);
  }
  return tuned;
#else
  (void)context;
  (void)runs;
  (void)samples;
  (void)seed;
  (void)cache;
  throw Error("OpenCL: this sluice was built without CLBlast, so it has no "
              "matrix-product kernel to tune");
#endif
}

std::string formatGemmTuneTable(const std::string &model,
                                const TunedGemm &tuned) {
  std::string text =
      "tune model=" + model + " kernel=" + tuned.key.kernel +
      " size_class=" + tuned.key.sizeClass +
      " m=" + std::to_string(tuned.shape.m) +
      " n=" + std::to_string(tuned.shape.n) +
      " k=" + std::to_string(tuned.shape.k) +
      (tuned.shape.batch > 1 ? " batch=" + std::to_string(tuned.shape.batch)
                             : "") +
      "\n";
  if (!tuned.indirect)
    return text + "CLBlast runs XgemmDirect at this size (nothing to tune)\n";
  text += "      ms  check  parameters\n";
  char line[64];
  for (size_t t = 0; t < tuned.candidates.size(); ++t) {
    const TunedGemmCandidate &c = tuned.candidates[t];
    std::snprintf(line, sizeof line, "%8.3f  %-5s  ", c.milliseconds,
                  c.matches ? "ok" : "FAIL");
    text += line;
    text += c.parameters ? formatXgemmParameters(*c.parameters)
                         : std::string("CLBlast's own");
    if (!c.problem.empty())
      text += " (" + c.problem + ")";
    text += "\n";
  }
  const TunedGemmCandidate &w = tuned.candidates[tuned.winner];
  std::snprintf(line, sizeof line, "winner: ms=%.3f ", w.milliseconds);
  text += line;
  text += w.parameters ? formatXgemmParameters(*w.parameters)
                       : std::string("CLBlast's own");
  char speedup[64];
  std::snprintf(speedup, sizeof speedup, " (%.2fx CLBlast's own)\n",
                w.milliseconds > 0
                    ? tuned.candidates[0].milliseconds / w.milliseconds
                    : 1.0);
  return text + speedup;
}

} // namespace sluice::runtime::opencl
