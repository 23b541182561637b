//===- IrFuzzer.cpp - libFuzzer target: mutated IR through codegen --------===//
//
// MLIR's rule: IR that verifies must compile or be rejected with a located
// error. Each input is parsed as an MLIR module; one that does not parse or
// verify is fine (rejected with a located diagnostic). One that verifies goes
// through the `recognized` pipeline and sl-schedule (the `scheduled` stage),
// which may fail only with an error diagnostic and must otherwise leave
// verified IR; then every function goes
// through CPU code generation (plan and kernels; not the JIT), which may
// throw an error naming the op, must otherwise produce a kernels module that
// verifies and lowers to the LLVM dialect. Anything else (a crash, an
// assertion, invalid IR after a pass or from codegen) aborts, so the fuzzer
// reports it. Built with clang by scripts/fuzz.sh ir; seeded with
// tests/IR/*.mlir, tests/Passes/*.mlir and the examples' parsed IR.
//
//===----------------------------------------------------------------------===//

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/Jit.h"
#include "passes/Passes.h"
#include "passes/FusionRules.h"
#include "passes/ScanSchedule.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace {
[[noreturn]] void finding(const char *what) {
  std::fprintf(stderr, "IR fuzzer: %s\n", what);
  std::abort();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static mlir::DialectRegistry *registry = [] {
    auto *r = new mlir::DialectRegistry();
    sluice::registerAllDialects(*r);
    return r;
  }();
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  context.allowUnregisteredDialects(false);
  bool errors = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &d) {
    errors |= d.getSeverity() == mlir::DiagnosticSeverity::Error;
    return mlir::success();
  });
  std::string text(reinterpret_cast<const char *>(data), size);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text,
                                              mlir::ParserConfig(&context));
  if (!module || mlir::failed(mlir::verify(*module)))
    return 0; // rejected with a located diagnostic

  errors = false;
  mlir::PassManager pm(&context);
  pm.enableVerifier(false); // checked below, to tell a pass's bug apart
  sluice::buildRecognizePipeline(pm);
  pm.addNestedPass<mlir::func::FuncOp>(
      sluice::createSlSchedulePass(sluice::ScheduleOptions{}));
  pm.addNestedPass<mlir::func::FuncOp>(
      sluice::createSlFusePass(sluice::FusionOptions{}));
  if (mlir::failed(pm.run(*module))) {
    if (!errors)
      finding("the scheduled pipeline failed without an error");
    return 0;
  }
  if (mlir::failed(mlir::verify(*module)))
    finding("the scheduled pipeline produced invalid IR");

  for (auto func : module->getOps<mlir::func::FuncOp>()) {
    if (func.isExternal())
      continue;
    sluice::codegen::cpu::CpuProgram program;
    try {
      program = sluice::codegen::cpu::buildCpuProgram(
          func, sluice::codegen::cpu::CpuOptions{});
    } catch (const std::exception &) {
      continue; // rejected with an error naming the op
    }
    for (mlir::ModuleOp kernels :
         {program.kernels.get(), program.deferredKernels.get()}) {
      if (mlir::failed(mlir::verify(kernels)))
        finding("CPU codegen produced an invalid kernels module");
      try {
        sluice::codegen::cpu::lowerKernelsToLLVM(kernels);
      } catch (const std::exception &e) {
        std::fprintf(stderr, "%s\n", e.what());
        finding("the kernels of verified IR did not lower to LLVM");
      }
    }
  }
  return 0;
}
