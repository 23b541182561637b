//===- JitPartsTest.cpp - What the JIT hands LLVM -------------------------===//
//
// Compile time (issue 8): the JIT's parts are lowered modules of about the
// same size; the look-back kernels' loops are marked not to unroll, the
// channel-parallel kernel's are not.
//
//===----------------------------------------------------------------------===//

#include "LinrecScanIR.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/Jit.h"
#include "passes/Registration.h"
#include "tests/ScopedEnvironment.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

using namespace mlir;

namespace {

/// Builds the plan and kernels of linrecScanIR (both alternatives).
class JitParts : public ::testing::Test {
protected:
  JitParts() {
    DialectRegistry registry;
    sluice::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = parseSourceString<ModuleOp>(sluice::testing::linrecScanIR(),
                                         ParserConfig(&context));
  }

  sluice::codegen::cpu::CpuProgram program() {
    return sluice::codegen::cpu::buildCpuProgram(
        *module->getOps<func::FuncOp>().begin(), {});
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(JitParts, LookbackLoopsRolled) {
  ASSERT_TRUE(module);
  sluice::codegen::cpu::CpuProgram program = this->program();
  std::set<std::string> lookbackKernels;
  for (const sluice::runtime::Step &s : program.plan.steps)
    if (s.kind == sluice::runtime::Step::Kind::Lookback)
      for (const sluice::runtime::Step &k : s.body)
        lookbackKernels.insert(k.name);
  ASSERT_EQ(lookbackKernels.size(), 3u);
  // Lowered here, not loaded from the object cache of an earlier run.
  sluice::testing::ScopedEnvironment off("SLUICE_JIT_CACHE", "0");
  // Both alternatives are deferred: compile them all as one batch.
  sluice::codegen::cpu::JitKernels batch(*program.deferredKernels,
                                         program.plan, {},
                                         /*resolveDeferred=*/true);
  int kernels = 0, rolled = 0;
  for (ModuleOp part : batch.partModules())
    for (auto f : part.getOps<LLVM::LLVMFuncOp>()) {
      if (f.isExternal())
        continue;
      ++kernels;
      bool marked = false;
      f.walk([&](Operation *op) {
        LLVM::LoopAnnotationAttr loop;
        if (auto br = dyn_cast<LLVM::BrOp>(op))
          loop = br.getLoopAnnotationAttr();
        if (auto br = dyn_cast<LLVM::CondBrOp>(op))
          loop = br.getLoopAnnotationAttr();
        if (loop && loop.getUnroll() && loop.getUnroll().getDisable() &&
            loop.getUnroll().getDisable().getValue())
          marked = true;
      });
      EXPECT_EQ(marked, lookbackKernels.count(f.getName().str()) == 1)
          << f.getName().str();
      rolled += marked;
    }
  EXPECT_EQ(kernels, 4); // channel-parallel + aggregate, carry, apply
  EXPECT_EQ(rolled, 3);
}

TEST_F(JitParts, SplitBalancesBySize) {
  ASSERT_TRUE(module);
  sluice::codegen::cpu::CpuProgram program = this->program();
  // Four kernels into two parts: the largest alone or with the smallest,
  // every kernel once, every part with the declarations.
  std::vector<sluice::codegen::cpu::KernelPart> parts =
      sluice::codegen::cpu::splitIntoParts({*program.deferredKernels}, 2);
  ASSERT_EQ(parts.size(), 2u);
  int kernels = 0;
  for (auto &part : parts)
    for (auto f : part.module->getOps<func::FuncOp>())
      kernels += !f.isExternal();
  EXPECT_EQ(kernels, 4);
  // More parts than kernels: one kernel each.
  EXPECT_EQ(sluice::codegen::cpu::splitIntoParts({*program.deferredKernels}, 9)
                .size(),
            4u);
}

} // namespace
