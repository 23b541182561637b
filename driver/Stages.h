//===- Stages.h - The named pipeline stages ---------------------*- C++ -*-===//
#ifndef SLUICE_DRIVER_STAGES_H
#define SLUICE_DRIVER_STAGES_H

#include "frontend/AST.h"
#include "passes/FusionRules.h"
#include "passes/ScanSchedule.h"

#include <string>
#include <vector>

namespace mlir {
class Diagnostic;
class OpPassManager;
} // namespace mlir

namespace sluice::driver {

/// The index of `stage` in stageNames(), or -1.
int stageIndex(const std::string &stage);

/// Every stage `sluice dump --stage` prints: the pass stages (`parsed`,
/// `recognized`, `scheduled`, `fused`), then the CPU code generator's `cpu` (kernels
/// in scf/arith/math), `llvm` (optimized LLVM IR), `plan` (buffers and
/// launches) and `opencl` (the kernels as OpenCL C).
const std::vector<std::string> &dumpStageNames();

/// Adds the passes that take the IR from the stage before `stage` to it
/// (`scheduled`: sl-schedule with `schedule`; `fused`: sl-fuse with
/// `fusion`).
void addStagePasses(mlir::OpPassManager &pm, const std::string &stage,
                    const ScheduleOptions &schedule,
                    const FusionOptions &fusion);

/// Formats an MLIR diagnostic (and its notes) clang-style against `file`.
std::string formatMlirDiagnostic(const ast::File &file, mlir::Diagnostic &diag);

} // namespace sluice::driver

#endif // SLUICE_DRIVER_STAGES_H
