//===- SluiceDialect.cpp - `sl` dialect registration ----------------------===//

#include "ir/SluiceDialect.h"
#include "ir/SluiceOps.h"

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace sluice::sl;

#include "ir/SluiceDialect.cpp.inc"
#include "ir/SluiceEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/SluiceAttrs.cpp.inc"

void SluiceDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "ir/SluiceOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "ir/SluiceAttrs.cpp.inc"
      >();
}

LogicalResult
ScheduleAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                     StringRef strategy, int64_t chunk, int64_t tile,
                     int64_t workgroup, int64_t items) {
  if (strategy != "sequential" && strategy != "channel_parallel" &&
      strategy != "chunked" && strategy != "lookback")
    return emitError() << "unknown schedule strategy '" << strategy
                       << "' (expected sequential, channel_parallel, chunked "
                          "or lookback)";
  if (chunk <= 0 || tile <= 0 || workgroup <= 0 || items <= 0)
    return emitError() << "schedule sizes must be positive";
  return success();
}
