//===- Registration.cpp - Dialect and pass registration -------------------===//

#include "passes/Registration.h"
#include "ir/SluiceDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"

namespace sluice {

void registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<sl::SluiceDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::tensor::TensorDialect>();
}

void registerAllPasses() {}

} // namespace sluice
