//===- SluiceDialect.h - The `sl` dialect -----------------------*- C++ -*-===//
#ifndef SLUICE_IR_SLUICEDIALECT_H
#define SLUICE_IR_SLUICEDIALECT_H

#include "mlir/IR/Dialect.h"

#include "ir/SluiceDialect.h.inc"

#endif // SLUICE_IR_SLUICEDIALECT_H
