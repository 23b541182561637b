//===- DumpCommand.cpp - `sluice dump` ------------------------------------===//

#include "driver/DumpCommand.h"
#include "frontend/Diagnostics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>

namespace sluice::driver {

int dumpModel(const DumpOptions &options) {
  try {
    Compilation compilation(options.compile);
    compilation.runTo(options.stage);
    mlir::OpPrintingFlags flags;
    if (!options.hideLocations)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    if (options.compile.model.empty())
      compilation.module()->print(llvm::outs(), flags);
    else
      compilation.selectedModel()->print(llvm::outs(), flags);
    llvm::outs() << "\n";
    llvm::outs().flush();
    return 0;
  } catch (const CompileError &e) {
    llvm::outs().flush();
    std::cerr << e.what();
    return 1;
  }
}

} // namespace sluice::driver
