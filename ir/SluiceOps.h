//===- SluiceOps.h - `sl` ops, attributes and enums -------------*- C++ -*-===//
#ifndef SLUICE_IR_SLUICEOPS_H
#define SLUICE_IR_SLUICEOPS_H

#include "ir/SluiceDialect.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ir/SluiceEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "ir/SluiceAttrs.h.inc"

#define GET_OP_CLASSES
#include "ir/SluiceOps.h.inc"

namespace sluice::sl {
/// The absolute axis of a scan axis counted from the end (`axis < 0`) in a
/// tensor of rank `rank`.
inline int64_t absoluteAxis(int64_t axis, int64_t rank) { return rank + axis; }
} // namespace sluice::sl

#endif // SLUICE_IR_SLUICEOPS_H
