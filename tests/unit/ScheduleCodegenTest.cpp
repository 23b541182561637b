//===- ScheduleCodegenTest.cpp - The code generator follows #sl.schedule --===//
//
// The plan of a scan is what its #sl.schedule says, nothing the code
// generator decides: the look-back's blocks are lanes x lane_steps, a forced
// strategy leaves one alternative, `auto` both with the guard's threshold.
// A scan without a schedule gets sl-schedule's default for the plan's
// target; one scheduled for another target is refused at its location.
//
//===----------------------------------------------------------------------===//

#include "LinrecScanIR.h"

#include "codegen/cpu/CpuCodegen.h"
#include "passes/Registration.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

using namespace mlir;

namespace {

class ScheduleCodegenTest : public ::testing::Test {
protected:
  ScheduleCodegenTest() {
    DialectRegistry registry;
    sluice::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// The plan (Plan::str) of h[t] = x[t] * h[t-1] + x[t] over x : [B, T, D]
  /// whose scan has `schedule` (an attribute dictionary entry, or ""), built
  /// for `target`; or the error's text.
  std::string planOf(const std::string &schedule,
                     sluice::codegen::TargetInfo target =
                         sluice::codegen::TargetInfo::cpu()) {
    std::string text = sluice::testing::linrecScanIR(
        schedule.empty() ? "" : "{schedule = " + schedule + "} ",
        "loc(\"m.sl\":4:7)");
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(text, ParserConfig(&context));
    if (!module || failed(verify(*module)))
      return "does not verify";
    auto func = *module->getOps<func::FuncOp>().begin();
    sluice::codegen::cpu::CpuOptions options;
    options.target = target;
    try {
      return sluice::codegen::cpu::buildCpuProgram(func, options).plan.str();
    } catch (const std::exception &e) {
      return std::string("error: ") + e.what();
    }
  }

  MLIRContext context;
};

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ScheduleCodegenTest, LookbackBlocksAreLanesTimesLaneSteps) {
  std::string plan = planOf(
      "#sl.schedule<target = cpu, strategy = lookback, lanes = 2, lane_steps = 3>");
  EXPECT_TRUE(contains(plan, "f32[ceil(T/6), B*D, 2, 2]  // scan_lane_aggregates"))
      << plan;
  EXPECT_TRUE(contains(plan, "lookback ceil(T/6) blocks of B*D items buffers ()"))
      << plan;
  EXPECT_FALSE(contains(plan, "sl_scan_channels")) << plan;
}

TEST_F(ScheduleCodegenTest, ChannelParallelLeavesOneAlternative) {
  std::string plan = planOf(
      "#sl.schedule<target = cpu, strategy = channel_parallel, lanes = 8, "
      "lane_steps = 4112>");
  // One strategy; its two kernels split the calls by the row width only.
  EXPECT_TRUE(contains(
      plan, "kernel sl_scan_channels_narrow_0 items B*D when D < 4 buffers"))
      << plan;
  EXPECT_TRUE(contains(
      plan,
      "kernel sl_scan_channels_1 items B*D in rows of D when 4 <= D buffers"))
      << plan;
  EXPECT_FALSE(contains(plan, "lookback")) << plan;
  EXPECT_FALSE(contains(plan, "threads")) << plan;
}

TEST_F(ScheduleCodegenTest, AutoGuardsBothWithTheThreshold) {
  std::string perUnit = planOf(
      "#sl.schedule<target = cpu, strategy = auto, lanes = 4, lane_steps = 5, "
      "channel_threshold = 7, per_unit = true>");
  EXPECT_TRUE(contains(perUnit, "when 7*threads <= B*D")) << perUnit;
  EXPECT_TRUE(contains(perUnit, "lookback ceil(T/20) blocks of B*D items when B*D < 7*threads"))
      << perUnit;
  std::string absolute = planOf(
      "#sl.schedule<target = cpu, strategy = auto, lanes = 4, lane_steps = 5, "
      "channel_threshold = 300>");
  EXPECT_TRUE(contains(absolute, "when 300 <= B*D")) << absolute;
  EXPECT_TRUE(contains(absolute, "when B*D < 300")) << absolute;
}

TEST_F(ScheduleCodegenTest, NoScheduleTakesTheTargetsDefault) {
  std::string cpu = planOf("");
  // Channels next to each other ([B, T, D]): the walk from 2 a thread, or
  // below 2048 steps.
  EXPECT_TRUE(contains(cpu, "when 2*threads <= B*D or T < 2048")) << cpu;
  EXPECT_TRUE(contains(cpu, "lookback ceil(T/32896) blocks of B*D items when "
                            "B*D < 2*threads and T >= 2048"))
      << cpu;
  // OpenCL's default leaves the chunk to the run time (runtime_chunk).
  std::string opencl = planOf("", sluice::codegen::TargetInfo::opencl());
  EXPECT_TRUE(contains(opencl, "dims (B, T, D, lookback_chunk#0)")) << opencl;
  EXPECT_TRUE(contains(opencl, "f32[ceil(T/lookback_chunk#0), B*D, 1, 2]  // "
                               "scan_lane_aggregates"))
      << opencl;
}

TEST_F(ScheduleCodegenTest, AForcedChunkIsFixedOnOpencl) {
  std::string fixed = planOf(
      "#sl.schedule<target = opencl, strategy = lookback, lanes = 1, lane_steps = 16>",
      sluice::codegen::TargetInfo::opencl());
  EXPECT_FALSE(contains(fixed, "lookback_chunk")) << fixed;
  EXPECT_TRUE(contains(fixed, "f32[ceil(T/16), B*D, 1, 2]  // scan_lane_aggregates"))
      << fixed;
  std::string chosen = planOf(
      "#sl.schedule<target = opencl, strategy = lookback, lanes = 1, lane_steps = 16, "
      "runtime_chunk = true>",
      sluice::codegen::TargetInfo::opencl());
  EXPECT_TRUE(contains(chosen, "ceil(T/lookback_chunk#0)")) << chosen;
}

TEST_F(ScheduleCodegenTest, AnotherTargetsScheduleIsRefused) {
  std::string error = planOf(
      "#sl.schedule<target = opencl, strategy = lookback, lanes = 1, lane_steps = 256>");
  EXPECT_TRUE(contains(error, "m.sl:4:7: sl.scan is scheduled for the opencl "
                              "target, but the plan is built for cpu (run "
                              "sl-schedule with target=cpu)"))
      << error;
  error = planOf(
      "#sl.schedule<target = cpu, strategy = lookback, lanes = 8, lane_steps = 4112>",
      sluice::codegen::TargetInfo::opencl());
  EXPECT_TRUE(contains(error, "scheduled for the cpu target, but the plan is "
                              "built for opencl"))
      << error;
}

} // namespace
