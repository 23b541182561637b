//===- ScalarPrinter.h - arith and math ops as OpenCL C ---------*- C++ -*-===//
//
// The expression printer of the OpenCL code generator: scalar types, literal
// constants, and the right-hand side of each arith / math op (and the libm
// calls of the kernels), with the ops' exact semantics (NaN, signed zeros,
// signedness, rounding). Internal to codegen/opencl.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_OPENCL_SCALARPRINTER_H
#define SLUICE_CODEGEN_OPENCL_SCALARPRINTER_H

#include "codegen/opencl/KernelPrinter.h"

#include "mlir/IR/Operation.h"

#include <string>

namespace sluice::codegen::opencl {

/// Throws std::runtime_error "file:line:col: the OpenCL target cannot print
/// 'NAME'" (and ": why" when given) for `op`.
[[noreturn]] void cannotPrint(mlir::Operation *op, const std::string &why = "");

/// The OpenCL C type holding a value of `type`: float for f16, bf16 and f32
/// (f16 and bf16 values live as float), double, bool for i1, uchar / ushort
/// / uint for i8 / i16 / i32, long for i64 and index; "" for any other type.
std::string valueTypeName(mlir::Type type, ProgramNeeds &needs);

/// The literal of a scalar arith.constant (inf and NaN as exact bit
/// patterns); throws through cannotPrint for any other constant.
std::string constantLiteral(mlir::Operation *constant, ProgramNeeds &needs);

/// The expression computing the one result of an arith or math op (or a
/// func.call of a libm function) from its operands' expressions; throws
/// through cannotPrint for an op or type it does not know.
std::string scalarExpression(mlir::Operation *op,
                             llvm::ArrayRef<std::string> operands,
                             ProgramNeeds &needs);

} // namespace sluice::codegen::opencl

#endif // SLUICE_CODEGEN_OPENCL_SCALARPRINTER_H
