//===- Registration.cpp - Dialect and pass registration -------------------===//

#include "passes/Registration.h"
#include "ir/SluiceDialect.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

namespace sluice {

void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<sl::SluiceDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect>();
}

void registerAllPasses() {
  registerSluicePasses();
  // A pipeline may be registered once per process.
  static bool pipelinesRegistered = [] {
    mlir::PassPipelineRegistration<>(
        "sl-recognize", "The passes of the `recognized` stage, in order",
        [](mlir::OpPassManager &pm) { buildRecognizePipeline(pm); });
    return true;
  }();
  (void)pipelinesRegistered;
}

} // namespace sluice
