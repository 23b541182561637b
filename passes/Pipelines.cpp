//===- Pipelines.cpp - The pass pipelines of the compiler's stages --------===//

#include "passes/Passes.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace sluice {

void buildRecognizePipeline(mlir::OpPassManager &pm) {
  // Before recognition, which turns a state that is a maximum into a scan
  // result (the pair's `max` is then no longer in sight).
  pm.addPass(createSlShareStabilizedExps());
  pm.addPass(createSlRecognizeRecurrences());
  // Before cumulative-to-scan, which would take the closed form apart.
  pm.addPass(createSlStabilizeClosedForms());
  pm.addPass(createSlCumulativeToScan());
  // After every scan exists: a product with a scan's state (q @ S) as the
  // sum that sl-schedule fuses into the scan's kernel.
  pm.addPass(createSlContractStates());
  // The passes re-emit shape queries (tensor.dim) per scan: merge them.
  pm.addPass(mlir::createCSEPass());
}

} // namespace sluice
