//===- Compilation.h - One model file through the pipeline ------*- C++ -*-===//
//
// The driver's core: reads a .sl file, runs the frontend and IRGen, runs the
// pass pipeline up to a named stage, and turns every MLIR diagnostic into a
// clang-style located message. Used by every `sluice` subcommand.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_DRIVER_COMPILATION_H
#define SLUICE_DRIVER_COMPILATION_H

#include "codegen/PhaseTimes.h"
#include "frontend/AST.h"
#include "passes/FusionRules.h"
#include "passes/ScanSchedule.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include <memory>
#include <string>
#include <vector>

namespace mlir {
class ScopedDiagnosticHandler;
} // namespace mlir

namespace mlir::func {
class FuncOp;
} // namespace mlir::func

namespace sluice::driver {

/// The pipeline stages `sluice dump --stage` knows, in order.
const std::vector<std::string> &stageNames();

/// What the user asked for on the command line.
struct CompileOptions {
  std::string file;            ///< the .sl file
  std::string model;           ///< --model NAME, or empty
  bool remarks = false;        ///< --remarks: print pass remarks on stderr
  bool printIrAfterAll = false; ///< --print-ir-after-all
  /// --time-phases: print each compilation phase's time on stderr.
  bool timePhases = false;
  /// What sl-schedule gets in the `scheduled` stage: the target (the
  /// command's), the threads, and --schedule / --scan-strategy's override.
  ScheduleOptions schedule;
  /// What sl-fuse gets in the `fused` stage (--no-fusion turns it off).
  FusionOptions fusion;
};

/// A model file parsed into a module of `parsed` IR, in its own context.
class Compilation {
public:
  /// Reads and compiles `options.file` to the `parsed` stage. Throws
  /// CompileError (formatted diagnostics) on any problem with the input.
  explicit Compilation(CompileOptions options);
  /// Same, from text already in memory; `filename` is used in locations.
  Compilation(CompileOptions options, std::string source);
  ~Compilation();

  /// The target sl-schedule chooses for when runTo reaches `scheduled`
  /// (CompileOptions::schedule's until then): the OpenCL target's runs
  /// call this before.
  void scheduleFor(sl::ScheduleTarget target) { options.schedule.target = target; }
  /// Whether sl-fuse fuses when runTo reaches `fused` (false: --no-fusion).
  void fuseWith(bool fusion) { options.fusion.fusion = fusion; }

  /// Runs the passes after the current stage up to and including `stage`.
  /// Throws CompileError when a pass fails or the stage is unknown.
  void runTo(const std::string &stage);

  /// The module (all models of the file).
  mlir::ModuleOp module() { return *moduleOp; }
  /// The syntax tree (with Sema annotations).
  const ast::File &syntax() const { return file; }
  /// The model named by --model, or the file's only model. Throws
  /// CompileError naming the choices when that is ambiguous or unknown.
  mlir::func::FuncOp selectedModel();
  /// The stage the module is at.
  const std::string &stage() const { return currentStage; }
  /// Where the phases add their time with --time-phases, else null (the
  /// frontend and the passes are in already; code generation adds its own).
  codegen::PhaseTimes *phaseTimes() {
    return options.timePhases ? &times : nullptr;
  }

private:
  void compileSource();
  CompileOptions options;
  ast::File file;
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> moduleOp;
  std::string currentStage = "parsed";
  codegen::PhaseTimes times;
  /// Prints the remarks emitted outside the passes (by the code generator)
  /// when --remarks is on, for as long as the context lives.
  std::unique_ptr<mlir::ScopedDiagnosticHandler> remarkPrinter;
};

} // namespace sluice::driver

#endif // SLUICE_DRIVER_COMPILATION_H
