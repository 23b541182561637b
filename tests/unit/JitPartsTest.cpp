//===- JitPartsTest.cpp - What the JIT hands LLVM -------------------------===//
//
// Compile time (issue 8): the JIT's parts are lowered modules of about the
// same size; the look-back kernels' loops are marked not to unroll, the
// channel-parallel kernel's are not. Running a plan compiles the deferred
// kernels a call selects without changing the plan.
//
//===----------------------------------------------------------------------===//

#include "LinrecScanIR.h"

#include "codegen/cpu/CpuCodegen.h"
#include "codegen/cpu/CpuModel.h"
#include "codegen/cpu/Jit.h"
#include "codegen/cpu/ObjectCache.h"
#include "passes/Registration.h"
#include "runtime/cpu/CpuExecutor.h"
#include "tests/ScopedEnvironment.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
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
      // The look-back's kernels and the channel-parallel walk of narrow
      // rows (kRolledLoopsAttr) are rolled; the row walk is not.
      bool narrow = f.getName().contains("_narrow_");
      EXPECT_EQ(marked, lookbackKernels.count(f.getName().str()) == 1 || narrow)
          << f.getName().str();
      rolled += marked;
    }
  // channel-parallel (narrow rows, rows) + aggregate, carry, apply
  EXPECT_EQ(kernels, 5);
  EXPECT_EQ(rolled, 4);
}

/// Every Kernel step's kernel pointer, in step order, bodies included.
void kernelsOf(const std::vector<sluice::runtime::Step> &steps,
               std::vector<sluice::runtime::KernelFn> &out) {
  for (const sluice::runtime::Step &s : steps) {
    if (s.kind == sluice::runtime::Step::Kind::Kernel)
      out.push_back(s.kernel);
    kernelsOf(s.body, out);
  }
}

// A call compiles the deferred kernels it selects (the look-back for one
// channel, the channel-parallel kernel for many) and runs them, but the
// plan keeps its kernel pointers: null for every deferred step's kernels,
// which Plan::deferredKernel hands out instead.
TEST_F(JitParts, RunningThePlanLeavesItAsItWas) {
  ASSERT_TRUE(module);
  sluice::testing::ScopedEnvironment off("SLUICE_JIT_CACHE", "0");
  std::unique_ptr<sluice::codegen::cpu::CpuModel> model =
      sluice::codegen::cpu::compileForCpu(
          *module->getOps<func::FuncOp>().begin(), {});
  const sluice::runtime::Plan &plan = model->plan;
  std::vector<sluice::runtime::KernelFn> before;
  kernelsOf(plan.steps, before);
  ASSERT_TRUE(llvm::is_contained(before, nullptr)); // (deferred ones)
  ASSERT_TRUE(plan.deferredKernel);
  // One channel of 70000 steps (more than a block: the look-back), 4096
  // channels (channel-parallel, the row walk), one channel of 5 steps (the
  // walk of narrow rows); h = x h + x against a float64 loop.
  for (auto [channels, steps] :
       {std::pair<int64_t, int64_t>{1, 70000}, {4096, 3}, {1, 5}}) {
    SCOPED_TRACE(std::to_string(channels) + " channels");
    sluice::runtime::Tensor x(sluice::runtime::DType::F32,
                              {1, steps, channels});
    for (int64_t i = 0; i < x.numElements(); ++i)
      x.setDouble(i, 0.5 + 0.4 * std::sin(0.1 * double(i)));
    std::vector<sluice::runtime::Tensor> got =
        sluice::runtime::executeOnCpu(plan, {x});
    double worst = 0;
    for (int64_t c = 0; c < channels; ++c) {
      double h = 0;
      for (int64_t t = 0; t < steps; ++t) {
        double xt = x.getDouble(t * channels + c);
        h = xt * h + xt;
        worst =
            std::max(worst, std::fabs(got[0].getDouble(t * channels + c) - h) /
                                std::max(1.0, std::fabs(h)));
      }
    }
    EXPECT_LT(worst, 1e-4);
  }
  std::vector<sluice::runtime::KernelFn> after;
  kernelsOf(plan.steps, after);
  EXPECT_EQ(after, before);
  // Every alternative ran: every deferred kernel is compiled now (looking
  // them up compiles nothing more).
  uint64_t compiled = sluice::codegen::cpu::ObjectCache::stats().compiles;
  std::function<void(const std::vector<sluice::runtime::Step> &)> check =
      [&](const std::vector<sluice::runtime::Step> &steps) {
        for (const sluice::runtime::Step &s : steps) {
          if (s.kind == sluice::runtime::Step::Kind::Kernel && !s.kernel)
            EXPECT_NE(plan.deferredKernel(s), nullptr) << s.name;
          check(s.body);
        }
      };
  check(plan.steps);
  EXPECT_EQ(sluice::codegen::cpu::ObjectCache::stats().compiles, compiled);
}

TEST_F(JitParts, SplitBalancesBySize) {
  ASSERT_TRUE(module);
  sluice::codegen::cpu::CpuProgram program = this->program();
  // Five kernels into two parts: the largest alone or with the smallest,
  // every kernel once, every part with the declarations.
  std::vector<sluice::codegen::cpu::KernelPart> parts =
      sluice::codegen::cpu::splitIntoParts({*program.deferredKernels}, 2);
  ASSERT_EQ(parts.size(), 2u);
  int kernels = 0;
  for (auto &part : parts)
    for (auto f : part.module->getOps<func::FuncOp>())
      kernels += !f.isExternal();
  EXPECT_EQ(kernels, 5);
  // More parts than kernels: one kernel each.
  EXPECT_EQ(sluice::codegen::cpu::splitIntoParts({*program.deferredKernels}, 9)
                .size(),
            5u);
}

} // namespace
