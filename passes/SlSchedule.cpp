//===- SlSchedule.cpp - Attach #sl.schedule to every sl.scan --------------===//
//
// The `scheduled` stage: every sl.scan gets the `schedule` attribute that
// chooseScanSchedule (ScanSchedule.cpp) gives it for the pass's target and
// the user's override. The code generator lowers it as it is.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/ScanSchedule.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace sluice {
#define GEN_PASS_DEF_SLSCHEDULE
#include "passes/Passes.h.inc"
} // namespace sluice

using namespace mlir;
using namespace sluice;

namespace {

struct SlSchedulePass : sluice::impl::SlScheduleBase<SlSchedulePass> {
  using Base::Base;

  void runOnOperation() override {
    ScheduleOptions options;
    options.target = target;
    options.threads = threads;
    options.chunk = chunk;
    std::string error;
    if (!strategy.empty()) {
      options.strategy = parseScanStrategy(strategy);
      if (!options.strategy)
        error = "sl-schedule: unknown strategy '" + strategy +
                "' (expected channel_parallel, lookback or auto)";
    }
    if (error.empty() && !checkScheduleOptions(options).empty())
      error = "sl-schedule: " + checkScheduleOptions(options);
    if (!error.empty()) {
      getOperation().emitError() << error;
      return signalPassFailure();
    }
    getOperation().walk([&](sl::ScanOp scan) {
      scan.setScheduleAttr(chooseScanSchedule(scan, options));
    });
  }
};

} // namespace

std::unique_ptr<Pass> sluice::createSlSchedulePass(const ScheduleOptions &options) {
  SlScheduleOptions passOptions;
  passOptions.target = options.target;
  passOptions.threads = options.threads;
  passOptions.strategy =
      options.strategy ? sl::stringifyScanStrategy(*options.strategy).str() : "";
  passOptions.chunk = options.chunk;
  return createSlSchedule(passOptions);
}
