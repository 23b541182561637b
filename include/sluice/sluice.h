//===- sluice.h - The sluice C++ embedding API ------------------*- C++ -*-===//
//
// Compile a model file or string for a target, bind its params once, run it
// with named tensors from as many threads as you like:
//
//   auto model = sluice::compileFile("hawk.sl");           // JIT for the CPU
//   model->setParam("Wa", sluice::Tensor::borrow(wa, sluice::DType::F32, {D, D}));
//   auto out = model->run({{"x", x}});                      // named outputs
//
// Or load a model compiled ahead of time by `sluice compile` (no compiler
// in the process; link sluice::runtime instead of sluice::sluice):
//
//   auto model = sluice::loadArtifact("hawk.artifact");
//
// Errors in the model text, tensors that do not fit the model, sizes that
// overflow and allocations that fail throw sluice::Error (runtime/Error.h),
// whose what() is the located, formatted diagnostics or the message.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_SLUICE_H
#define SLUICE_SLUICE_H

#include "runtime/Error.h"
#include "runtime/Tensor.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sluice {

using runtime::DType;
using runtime::Tensor;

/// Where a model runs.
enum class Target {
  Cpu,       ///< LLVM-JIT kernels on TBB
  Reference, ///< the float64 sequential evaluator (the oracle)
  OpenCL,    ///< generated OpenCL C on the device SLUICE_OPENCL_DEVICE names
};

/// Parses "cpu", "opencl" or "reference"; throws Error for anything else.
Target parseTarget(const std::string &name);

/// How to compile.
struct CompileOptions {
  Target target = Target::Cpu;
  /// The model to compile when the file defines several (only it is checked:
  /// an error inside another model of the file does not stop it).
  std::string model;
  /// Print what each scan block and prefix op became on stderr.
  bool remarks = false;
  /// Fuse element-wise work into the kernels that consume it (CPU).
  bool fusion = true;
  /// Force the scan strategy: "" (the compiler's choice),
  /// "channel_parallel", "lookback" (or its old name "chunked"). The same
  /// as `schedule = "strategy=..."`.
  std::string scanStrategy;
  /// Force how scans run, as `sluice --schedule`:
  /// "strategy=channel_parallel|lookback|auto,chunk=N" (either key; chunk:
  /// steps per look-back block, a multiple of the target's lanes: 8 on the
  /// CPU, 1 on OpenCL). "" leaves the compiler's choice.
  std::string schedule;
  /// Target::OpenCL on a machine with no OpenCL device at all (or a build
  /// without the OpenCL runtime): compile for the CPU instead of failing.
  /// Where the machine has devices, a choice (openclDevice or
  /// SLUICE_OPENCL_DEVICE) that names none of them still fails.
  bool cpuFallback = false;
  /// Target::OpenCL: the device to run on, as SLUICE_OPENCL_DEVICE spells
  /// it (an index, `platform:device`, or part of a name, vendor or type);
  /// it wins over the environment's. "" leaves the choice to
  /// SLUICE_OPENCL_DEVICE, else the first GPU. A choice that names no
  /// device is an Error listing the devices.
  std::string openclDevice;
  /// The most threads a call of this model uses (each call runs in a TBB
  /// task arena of this size, shared by the handle's concurrent calls);
  /// 0: SLUICE_NUM_THREADS when set, else every core. Not part of the
  /// compile cache's key.
  int threads = 0;
};

/// A compiled model with its bound params. `run` is safe to call from many
/// threads at once; `setParam` must not race with `run`.
class Model {
public:
  virtual ~Model() = default;
  /// The model's name.
  virtual const std::string &name() const = 0;
  /// Inputs, params and outputs, in declaration order.
  virtual std::vector<std::string> inputNames() const = 0;
  virtual std::vector<std::string> paramNames() const = 0;
  virtual std::vector<std::string> outputNames() const = 0;
  /// The declared dtype and dims (names or literal sizes) of an input/param.
  virtual DType argumentType(const std::string &name) const = 0;
  virtual std::vector<std::string> argumentDims(const std::string &name) const = 0;

  /// Binds param `name` for every later run. A borrowed tensor must stay
  /// alive while the model runs. Throws Error for an unknown name.
  virtual void setParam(const std::string &name, Tensor value) = 0;
  /// Runs with `inputs` (and the bound params; a param may also be passed
  /// here, overriding the bound one). Returns every output by name.
  virtual std::map<std::string, Tensor>
  run(const std::map<std::string, Tensor> &inputs) const = 0;
  /// Like run, but writes each output named in `outputs` into the tensor
  /// given there (contiguous, of the output's dtype and shape; e.g. borrowed
  /// memory the caller reuses across calls). Outputs not named are added.
  virtual void runInto(const std::map<std::string, Tensor> &inputs,
                       std::map<std::string, Tensor> &outputs) const = 0;
  /// The bytes a call moves through memory for the given inputs (CPU; the
  /// reference target gives 0). Compare with the unique bytes of inputs and
  /// outputs to see what fusion saved.
  virtual int64_t trafficBytes(const std::map<std::string, Tensor> &inputs) const = 0;
};

/// Compiles the model in `path`. Compiling the same text with the same
/// options again in this process reuses the compiled code (see the compile
/// cache below); threads racing to compile the same text compile it once.
std::shared_ptr<Model> compileFile(const std::string &path,
                                   const CompileOptions &options = {});
/// Compiles model text; `filename` is used in diagnostics.
std::shared_ptr<Model> compileString(const std::string &source,
                                     const std::string &filename,
                                     const CompileOptions &options = {});

/// How to load an artifact.
struct LoadOptions {
  /// The most threads a call uses (as CompileOptions::threads).
  int threads = 0;
  /// An OpenCL artifact's device (as CompileOptions::openclDevice).
  std::string openclDevice;
};

/// Loads the model that `sluice compile MODEL.sl --target cpu|opencl -o DIR`
/// wrote to `dir`. Needs only the runtime (link sluice::runtime; no
/// compiler, LLVM or MLIR). An OpenCL artifact is built on the device
/// LoadOptions::openclDevice or else SLUICE_OPENCL_DEVICE names. Throws Error
/// for a missing or corrupt manifest, an artifact of another format version,
/// code for another CPU, kernels that do not load or build, no OpenCL device,
/// or an OpenCL artifact in a runtime built without OpenCL.
std::shared_ptr<Model> loadArtifact(const std::string &dir,
                                    const LoadOptions &options = {});

/// The process-wide compile cache: the most recently used compiled models,
/// at most `capacity` of them (least recently used evicted first). An
/// evicted model stays alive while a handle uses it.
struct CompileCacheStats {
  size_t entries = 0;   ///< compiled models in the cache now
  size_t capacity = 0;  ///< the most it keeps
  size_t alive = 0;     ///< compiled models in memory: cached or used by handles
  uint64_t compiles = 0;  ///< compilations so far (cache misses)
  uint64_t hits = 0;      ///< compiles answered from the cache
  uint64_t evictions = 0; ///< entries dropped for capacity or by clearing
};
/// The cache's counters now.
CompileCacheStats compileCacheStats();
/// Keeps at most `entries` compiled models (default 64; 0 caches nothing),
/// evicting the least recently used ones now if there are more.
void setCompileCacheCapacity(size_t entries);
/// Drops every cached model (handles keep theirs alive); the memory of a
/// model is freed once no handle uses it.
void clearCompileCache();

} // namespace sluice

#endif // SLUICE_SLUICE_H
