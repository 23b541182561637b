//===- SluiceDialect.cpp - `sl` dialect registration ----------------------===//

#include "ir/SluiceDialect.h"
#include "ir/SluiceOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace sluice::sl;

#include "ir/SluiceDialect.cpp.inc"
#include "ir/SluiceEnums.cpp.inc"

void SluiceDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/SluiceOps.cpp.inc"
      >();
  registerAttributes();
}

