//===- sluice-opt.cpp - The `sl` dialect's -opt tool ----------------------===//
//
// Parses `sl` IR (with the upstream dialects it uses), runs passes given on
// the command line, prints the result. Used by the lit tests.
//
//===----------------------------------------------------------------------===//

#include "passes/Registration.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  sluice::registerAllDialects(registry);
  sluice::registerAllPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "sluice optimizer driver\n", registry));
}
