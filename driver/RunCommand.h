//===- RunCommand.h - `sluice run` -------------------------------*- C++
//-*-===//
#ifndef SLUICE_DRIVER_RUNCOMMAND_H
#define SLUICE_DRIVER_RUNCOMMAND_H

#include "codegen/cpu/CpuModel.h"
#include "runtime/Plan.h"
#include "driver/Compilation.h"
#include "runtime/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <memory>

#include <cstdint>
#include <string>
#include <vector>

namespace sluice::driver {

/// Options of `sluice run`.
struct RunOptions {
  CompileOptions compile; ///< file, --model, --remarks, --print-ir-after-all
  std::string target = "cpu";      ///< --target cpu|opencl|reference
  std::vector<std::string> inputs; ///< --input NAME=FILE.npy, repeatable
  std::string random;              ///< --random B=8,T=4096,D=256; empty: none
  /// --seed N (for --random), as given: checked by parseSeed.
  std::string seed = "0";
  std::string outputDir = ".";     ///< --output-dir DIR (created if missing)
  /// --save-inputs DIR: the arguments go there too (OutputFiles.h
  /// writeInputFiles); empty: not saved.
  std::string saveInputs;
  /// The stage whose IR `--target reference` evaluates (parsed, recognized,
  /// fused, scheduled): a later stage checks those passes numerically.
  std::string referenceStage = "parsed";
  bool noFusion = false;    ///< --no-fusion (cpu)
  /// --scan-strategy sequential: no recognition, every scan block runs as
  /// the loop it is written as. (The other --scan-strategy values, like
  /// --schedule, go to compile.schedule.)
  bool sequential = false;
};

/// Runs a model on an OpenCL device (runtime/opencl/OpenclModel.h, when
/// the build has OpenCL).
class OpenclRunner {
public:
  virtual ~OpenclRunner() = default;
  virtual std::vector<runtime::Tensor>
  run(const std::vector<runtime::Tensor> &args) const = 0;
  /// The plan and its OpenCL C source (for `sluice tune`).
  virtual const runtime::Plan &plan() const = 0;
  virtual const std::string &source() const = 0;
};

/// Compiles `func` for the OpenCL target (the `scheduled` stage, scheduled
/// for OpenCL; the options' fusion) and builds it on the device
/// SLUICE_OPENCL_DEVICE names. Throws std::runtime_error, or InputError
/// when this build of sluice has no OpenCL.
std::shared_ptr<const OpenclRunner>
compileForOpencl(mlir::func::FuncOp func, const codegen::cpu::CpuOptions &options);

/// A model compiled for its target with its arguments bound.
struct PreparedRun {
  mlir::func::FuncOp func; ///< the model (at the stage the target runs)
  std::vector<runtime::Tensor> args; ///< inputs then params
  std::unique_ptr<codegen::cpu::CpuModel> cpu; ///< cpu target only
  /// opencl target only: the plan and its program, built on the device.
  std::shared_ptr<const OpenclRunner> opencl;
  /// The outputs on the target: the CPU plan, the OpenCL device, or the
  /// float64 reference.
  std::vector<runtime::Tensor> execute() const;
};

/// Runs the passes the target needs (up to `scheduled`, for the target),
/// binds the arguments from --input and --random, and (cpu) JIT-compiles
/// with --no-fusion.
/// Throws CompileError, InputError, NpyError or std::runtime_error.
PreparedRun prepareRun(Compilation &compilation, const RunOptions &options);

/// Compiles the model, binds its inputs and params by name, runs it on the
/// target and writes each output to `outputDir/NAME.npy` (f32 for f16, bf16
/// and f32 outputs; f64 for f64), printing one line per output on stdout.
/// The files appear together once all are written: a failed run leaves no
/// output (and no partial file) behind.
/// Returns the exit status; errors go to stderr as `sluice: error: ...`.
int runModel(const RunOptions &options);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_RUNCOMMAND_H
