//===- ScalarPrinter.cpp - arith and math ops as OpenCL C -----------------===//
//
// Integers live in variables of their width (bool, uchar, ushort, uint,
// long); an op whose result depends on signedness casts its operands to the
// signed or unsigned type of that width. Floats live as float (f16, bf16,
// f32) or double; arithmetic on f16 / bf16 values is refused (the plan
// builder computes in f32 and rounds with truncf, printed as a helper).
//
//===----------------------------------------------------------------------===//

#include "codegen/opencl/ScalarPrinter.h"
#include "codegen/opencl/OpenclHelpers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSwitch.h"

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <stdexcept>

using namespace mlir;

namespace sluice::codegen::opencl {

std::string locationPrefix(Location loc) {
  if (auto file = loc->findInstanceOf<FileLineColLoc>())
    return file.getFilename().str() + ":" + std::to_string(file.getLine()) +
           ":" + std::to_string(file.getColumn()) + ": ";
  return "";
}

std::string kernelHeading(func::FuncOp func, const std::string &what) {
  std::string location = locationPrefix(func.getLoc());
  if (location.size() > 2)
    location.resize(location.size() - 2); // drop ": "
  return "// " + func.getSymName().str() +
         (location.empty() ? "" : " (" + location + ")") + what + "\n";
}

std::string indentLines(const std::string &text, int spaces) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    size_t next = text.find('\n', at);
    if (next == std::string::npos)
      next = text.size();
    out.append(spaces, ' ');
    out += text.substr(at, next - at) + "\n";
    at = next + 1;
  }
  return out;
}

void cannotPrint(Operation *op, const std::string &why) {
  std::string message = locationPrefix(op->getLoc()) +
                        "the OpenCL target cannot print '" +
                        op->getName().getStringRef().str() + "'";
  if (!why.empty())
    message += ": " + why;
  throw std::runtime_error(message);
}

namespace {

/// The width of an integer or index type (index is 64 bits), 0 otherwise.
unsigned intWidth(Type type) {
  if (type.isIndex())
    return 64;
  if (auto integer = dyn_cast<IntegerType>(type))
    return integer.getWidth();
  return 0;
}

const char *signedName(unsigned width) {
  switch (width) {
  case 8:
    return "char";
  case 16:
    return "short";
  case 32:
    return "int";
  default:
    return "long";
  }
}

const char *unsignedName(unsigned width) {
  switch (width) {
  case 8:
    return "uchar";
  case 16:
    return "ushort";
  case 32:
    return "uint";
  default:
    return "ulong";
  }
}

/// Whether `x` is an integer literal ("5", "(-5)", "5000000000L").
bool isIntegerLiteral(const std::string &x) {
  return !x.empty() && (std::isdigit(static_cast<unsigned char>(x[0])) ||
                        x.rfind("(-", 0) == 0);
}

/// `x` read as a signed integer of `width` bits (variables of 64 bits are
/// long already).
std::string asSigned(const std::string &x, unsigned width) {
  return width == 64 ? x : "(" + std::string(signedName(width)) + ")" + x;
}

/// `x` as an argument of an overloaded builtin (min, max) whose other
/// argument is a `type` (long or sl_index): a literal gets a cast (else the
/// call is ambiguous).
std::string asWideArgument(const std::string &x, const std::string &type) {
  return isIntegerLiteral(x) ? "(" + type + ")" + x : x;
}

/// `x` read as an unsigned integer of at least 32 bits (so that shifts and
/// products of narrow values do not overflow int).
std::string asUnsigned(const std::string &x, unsigned width) {
  if (width == 32)
    return x;
  return width == 64 ? "(ulong)" + x : "(uint)" + x;
}

/// "f32" or "f64" for float and double arithmetic; refuses other types.
const char *floatSuffix(Operation *op, Type type) {
  if (type.isF32())
    return "f32";
  if (type.isF64())
    return "f64";
  std::string name;
  llvm::raw_string_ostream os(name);
  os << type;
  cannotPrint(op, "arithmetic on " + name + " values");
}

/// The expression of arith.cmpf `predicate` over a and b: C's relational
/// operators are the ordered predicates, and `!=` is une (true for NaN).
std::string compareFloats(Operation *op, arith::CmpFPredicate predicate,
                          const std::string &a, const std::string &b) {
  using P = arith::CmpFPredicate;
  switch (predicate) {
  case P::AlwaysFalse:
    return "false";
  case P::OEQ:
    return a + " == " + b;
  case P::OGT:
    return a + " > " + b;
  case P::OGE:
    return a + " >= " + b;
  case P::OLT:
    return a + " < " + b;
  case P::OLE:
    return a + " <= " + b;
  case P::ONE:
    return "islessgreater(" + a + ", " + b + ") != 0";
  case P::ORD:
    return "isordered(" + a + ", " + b + ") != 0";
  case P::UEQ:
    return "islessgreater(" + a + ", " + b + ") == 0";
  case P::UGT:
    return "!(" + a + " <= " + b + ")";
  case P::UGE:
    return "!(" + a + " < " + b + ")";
  case P::ULT:
    return "!(" + a + " >= " + b + ")";
  case P::ULE:
    return "!(" + a + " > " + b + ")";
  case P::UNE:
    return a + " != " + b;
  case P::UNO:
    return "isunordered(" + a + ", " + b + ") != 0";
  case P::AlwaysTrue:
    return "true";
  }
  cannotPrint(op, "unknown predicate");
}

/// The expression of arith.cmpi `predicate` over a and b of `width` bits.
std::string compareIntegers(Operation *op, arith::CmpIPredicate predicate,
                            const std::string &a, const std::string &b,
                            unsigned width) {
  using P = arith::CmpIPredicate;
  if (predicate == P::eq)
    return a + " == " + b;
  if (predicate == P::ne)
    return a + " != " + b;
  if (width == 1)
    cannotPrint(op, "an ordered comparison of i1 values");
  bool isSigned = predicate == P::slt || predicate == P::sle ||
                  predicate == P::sgt || predicate == P::sge;
  std::string x = isSigned ? asSigned(a, width) : asUnsigned(a, width);
  std::string y = isSigned ? asSigned(b, width) : asUnsigned(b, width);
  switch (predicate) {
  case P::slt:
  case P::ult:
    return x + " < " + y;
  case P::sle:
  case P::ule:
    return x + " <= " + y;
  case P::sgt:
  case P::ugt:
    return x + " > " + y;
  default:
    return x + " >= " + y;
  }
}

/// The OpenCL builtin of a one-operand math op or libm function ("" if none).
std::string unaryMathBuiltin(llvm::StringRef name) {
  return llvm::StringSwitch<std::string>(name)
      .Cases("math.absf", "fabs", "fabs")
      .Cases("math.ceil", "ceil", "ceil")
      .Cases("math.floor", "floor", "floor")
      .Cases("math.trunc", "trunc", "trunc")
      .Cases("math.round", "round", "round")
      .Cases("math.roundeven", "rint", "rint")
      .Cases("math.sqrt", "sqrt", "sqrt")
      .Case("math.rsqrt", "rsqrt")
      .Cases("math.exp", "exp", "exp")
      .Cases("math.exp2", "exp2", "exp2")
      .Cases("math.expm1", "expm1", "expm1")
      .Cases("math.log", "log", "log")
      .Cases("math.log2", "log2", "log2")
      .Cases("math.log10", "log10", "log10")
      .Cases("math.log1p", "log1p", "log1p")
      .Cases("math.sin", "sin", "sin")
      .Cases("math.cos", "cos", "cos")
      .Cases("math.tan", "tan", "tan")
      .Cases("math.asin", "asin", "asin")
      .Cases("math.acos", "acos", "acos")
      .Cases("math.atan", "atan", "atan")
      .Cases("math.sinh", "sinh", "sinh")
      .Cases("math.cosh", "cosh", "cosh")
      .Cases("math.tanh", "tanh", "tanh")
      .Cases("math.asinh", "asinh", "asinh")
      .Cases("math.acosh", "acosh", "acosh")
      .Cases("math.atanh", "atanh", "atanh")
      .Cases("math.erf", "erf", "erf")
      .Cases("math.erfc", "erfc", "erfc")
      .Cases("math.cbrt", "cbrt", "cbrt")
      .Default("");
}

/// The OpenCL builtin of a two- or three-operand math op ("" if none).
std::string multiMathBuiltin(llvm::StringRef name) {
  return llvm::StringSwitch<std::string>(name)
      .Case("math.powf", "pow")
      .Case("math.atan2", "atan2")
      .Case("math.copysign", "copysign")
      .Case("math.fma", "fma")
      .Default("");
}

/// `name(a, b, ...)`.
std::string call(const std::string &name, llvm::ArrayRef<std::string> args) {
  std::string s = name + "(";
  for (size_t i = 0; i < args.size(); ++i)
    s += (i ? ", " : "") + args[i];
  return s + ")";
}

std::string integerLiteral(int64_t value, unsigned width) {
  if (width == 1)
    return value & 1 ? "true" : "false";
  if (width < 64) {
    uint64_t bits = static_cast<uint64_t>(value) & ((uint64_t(1) << width) - 1);
    if (width == 32)
      return std::to_string(bits) + "u";
    return "(" + std::string(unsignedName(width)) + ")" + std::to_string(bits);
  }
  if (value == INT64_MIN)
    return "(-9223372036854775807L - 1)";
  bool fitsInt = value >= INT32_MIN && value <= INT32_MAX;
  std::string digits =
      std::to_string(value < 0 ? -value : value) + (fitsInt ? "" : "L");
  return value < 0 ? "(-" + digits + ")" : digits;
}

/// An exact literal of `value` as a float (`isFloat`) or a double.
std::string floatLiteral(double value, bool isFloat) {
  if (std::isnan(value)) {
    char text[64];
    if (isFloat)
      std::snprintf(text, sizeof text, "as_float(0x%08" PRIx32 "u)",
                    llvm::bit_cast<uint32_t>(static_cast<float>(value)));
    else
      std::snprintf(text, sizeof text, "as_double(0x%016" PRIx64 "UL)",
                    llvm::bit_cast<uint64_t>(value));
    return text;
  }
  if (std::isinf(value)) {
    std::string inf = isFloat ? "INFINITY" : "(double)INFINITY";
    return value < 0 ? "(-" + inf + ")" : inf;
  }
  char text[64];
  std::snprintf(text, sizeof text, isFloat ? "%.9g" : "%.17g",
                isFloat ? static_cast<double>(static_cast<float>(value))
                        : value);
  std::string s = text;
  if (s.find_first_of(".e") == std::string::npos)
    s += ".0";
  if (isFloat)
    s += "f";
  return s[0] == '-' ? "(" + s + ")" : s;
}

} // namespace

std::string valueTypeName(Type type, ProgramNeeds &needs) {
  if (type.isF16() || type.isBF16() || type.isF32())
    return "float";
  if (type.isF64()) {
    needs.usesDouble = true;
    return "double";
  }
  switch (intWidth(type)) {
  case 1:
    return "bool";
  case 8:
  case 16:
  case 32:
    return unsignedName(intWidth(type));
  case 64:
    return needs.indexType; // kernels' i64 values are dims, counts, offsets
  default:
    return "";
  }
}

std::string constantLiteral(Operation *op, ProgramNeeds &needs) {
  auto constant = dyn_cast<arith::ConstantOp>(op);
  if (!constant)
    cannotPrint(op, "not a scalar constant");
  Attribute value = constant.getValue();
  if (auto integer = dyn_cast<IntegerAttr>(value)) {
    unsigned width = intWidth(integer.getType());
    int64_t number = integer.getValue().getSExtValue();
    if (width == 64 && (number < INT32_MIN || number > INT32_MAX))
      needs.wideIndexLiteral = true;
    if (width == 1 || width == 8 || width == 16 || width == 32 || width == 64)
      return integerLiteral(number, width);
  } else if (auto real = dyn_cast<FloatAttr>(value)) {
    Type type = real.getType();
    if (type.isF32() && real.getValue().isNaN()) {
      char text[32];
      std::snprintf(text, sizeof text, "as_float(0x%08" PRIx32 "u)",
                    static_cast<uint32_t>(
                        real.getValue().bitcastToAPInt().getZExtValue()));
      return text;
    }
    if (type.isF64()) {
      needs.usesDouble = true;
      return floatLiteral(real.getValue().convertToDouble(), false);
    }
    if (type.isF16() || type.isBF16() || type.isF32()) {
      // Exact: every f16, bf16 and f32 value is a double.
      llvm::APFloat wide = real.getValue();
      bool lost = false;
      wide.convert(llvm::APFloat::IEEEdouble(),
                   llvm::APFloat::rmNearestTiesToEven, &lost);
      return floatLiteral(wide.convertToDouble(), true);
    }
  }
  cannotPrint(op, "not a scalar integer or float constant");
}

std::string scalarExpression(Operation *op, llvm::ArrayRef<std::string> x,
                             ProgramNeeds &needs) {
  if (op->getNumResults() != 1)
    cannotPrint(op, "an op with " + std::to_string(op->getNumResults()) +
                        " results");
  Type result = op->getResult(0).getType();
  std::string resultName = valueTypeName(result, needs);
  Type operandType =
      op->getNumOperands() ? op->getOperand(0).getType() : Type();
  unsigned width = operandType ? intWidth(operandType) : 0;
  unsigned resultWidth = intWidth(result);
  auto binary = [&](const char *symbol) {
    return x[0] + " " + symbol + " " + x[1];
  };
  auto cast = [&](const std::string &value) {
    return "(" + resultName + ")" + value;
  };

  // Integers.
  if (isa<arith::AddIOp, arith::SubIOp, arith::MulIOp>(op)) {
    if (width == 1)
      cannotPrint(op, "arithmetic on i1 values");
    const char *symbol = isa<arith::AddIOp>(op)   ? "+"
                         : isa<arith::SubIOp>(op) ? "-"
                                                  : "*";
    if (width >= 32)
      return binary(symbol);
    return asUnsigned(x[0], width) + " " + symbol + " " +
           asUnsigned(x[1], width);
  }
  if (isa<arith::AndIOp>(op))
    return binary("&");
  if (isa<arith::OrIOp>(op))
    return binary("|");
  if (isa<arith::XOrIOp>(op))
    return binary("^");
  if (isa<arith::DivSIOp, arith::RemSIOp, arith::DivUIOp, arith::RemUIOp,
          arith::MinSIOp, arith::MaxSIOp, arith::MinUIOp, arith::MaxUIOp>(op)) {
    if (width == 1)
      cannotPrint(op, "arithmetic on i1 values");
    bool isSigned =
        isa<arith::DivSIOp, arith::RemSIOp, arith::MinSIOp, arith::MaxSIOp>(op);
    std::string a = isSigned ? asSigned(x[0], width) : asUnsigned(x[0], width);
    std::string b = isSigned ? asSigned(x[1], width) : asUnsigned(x[1], width);
    if (isa<arith::DivSIOp, arith::DivUIOp>(op))
      return a + " / " + b;
    if (isa<arith::RemSIOp, arith::RemUIOp>(op))
      return a + " % " + b;
    if (width == 64 && isSigned) {
      a = asWideArgument(a, resultName);
      b = asWideArgument(b, resultName);
    }
    return call(isa<arith::MinSIOp, arith::MinUIOp>(op) ? "min" : "max",
                {a, b});
  }
  if (isa<arith::ShLIOp, arith::ShRUIOp, arith::ShRSIOp>(op)) {
    if (width == 1)
      cannotPrint(op, "a shift of i1 values");
    std::string shifted = isa<arith::ShRSIOp>(op)
                              ? asSigned(x[0], width) + " >> " + x[1]
                              : asUnsigned(x[0], width) +
                                    (isa<arith::ShLIOp>(op) ? " << " : " >> ") +
                                    x[1];
    return width == 64 ? "(" + resultName + ")(" + shifted + ")" : shifted;
  }
  if (auto cmp = dyn_cast<arith::CmpIOp>(op))
    return compareIntegers(op, cmp.getPredicate(), x[0], x[1], width);
  if (isa<arith::SelectOp>(op))
    return x[0] + " ? " + x[1] + " : " + x[2];
  if (isa<arith::ExtUIOp, arith::IndexCastUIOp>(op) && resultWidth >= width)
    return resultWidth == width ? x[0] : cast(x[0]);
  if (isa<arith::ExtSIOp, arith::IndexCastOp>(op) && resultWidth >= width) {
    if (resultWidth == width)
      return x[0];
    return width == 1 ? cast("(" + x[0] + " ? -1 : 0)")
                      : cast(asSigned(x[0], width));
  }
  if (isa<arith::TruncIOp, arith::IndexCastOp, arith::IndexCastUIOp>(op))
    return resultWidth == 1 ? "(" + x[0] + " & 1) != 0" : cast(x[0]);

  // Conversions between integers and floats.
  if (isa<arith::SIToFPOp, arith::UIToFPOp>(op)) {
    if (width == 1 && isa<arith::SIToFPOp>(op))
      cannotPrint(op, "a signed conversion of i1");
    floatSuffix(op, result); // refuses f16 and bf16 (a second rounding)
    std::string convert = "convert_" + resultName;
    return call(convert, {isa<arith::SIToFPOp>(op) ? asSigned(x[0], width)
                                                   : asUnsigned(x[0], width)});
  }
  if (isa<arith::FPToSIOp, arith::FPToUIOp>(op)) {
    if (resultWidth == 1)
      cannotPrint(op, "a conversion to i1");
    bool isSigned = isa<arith::FPToSIOp>(op);
    std::string truncated = "(" +
                            std::string(isSigned ? signedName(resultWidth)
                                                 : unsignedName(resultWidth)) +
                            ")" + x[0];
    return resultWidth == 64 && isSigned ? truncated : cast(truncated);
  }
  if (isa<arith::BitcastOp>(op)) {
    if (result == operandType)
      return x[0];
    if (result.isF32() && resultWidth == 0 && width == 32)
      return call("as_float", {x[0]});
    if (width == 64 || resultWidth == 64)
      cannotPrint(op, "a bitcast between f64 and a 64-bit integer (64-bit "
                      "integers are printed as indices, sl_index)");
    if (operandType.isF32() && resultWidth == 32)
      return call("as_uint", {x[0]});
    // A bf16 value lives as the float it is exactly (arith.truncf's
    // sl_round_bf16): its bits are the float's top half.
    if (operandType.isBF16() && resultWidth == 16)
      return "(ushort)(as_uint(" + x[0] + ") >> 16)";
    cannotPrint(op, "a bitcast of an f16 value, or of bf16 to other than i16");
  }

  // Floats.
  if (isa<arith::ExtFOp>(op)) {
    if (result.isF32())
      return x[0]; // f16 and bf16 values are floats already
    valueTypeName(result, needs);
    return "(double)" + x[0];
  }
  if (auto trunc = dyn_cast<arith::TruncFOp>(op)) {
    if (auto mode = trunc.getRoundingmode();
        mode && *mode != arith::RoundingMode::to_nearest_even)
      cannotPrint(op, "a rounding mode other than to_nearest_even");
    if (result.isF32())
      return "(float)" + x[0];
    if (result.isF16()) {
      const char *helper = operandType.isF64() ? kRoundF16FromF64 : kRoundF16;
      needs.helpers.insert(helper);
      return call(helper, {x[0]});
    }
    if (result.isBF16() && operandType.isF32()) {
      needs.helpers.insert(kRoundBF16);
      return call(kRoundBF16, {x[0]});
    }
    cannotPrint(op, "a truncation to bf16 from f64");
  }
  if (auto cmp = dyn_cast<arith::CmpFOp>(op))
    return compareFloats(op, cmp.getPredicate(), x[0], x[1]);
  if (isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
          arith::RemFOp, arith::NegFOp, arith::MaximumFOp, arith::MinimumFOp,
          arith::MaxNumFOp, arith::MinNumFOp>(op)) {
    std::string suffix = floatSuffix(op, result);
    if (isa<arith::AddFOp>(op))
      return binary("+");
    if (isa<arith::SubFOp>(op))
      return binary("-");
    if (isa<arith::MulFOp>(op))
      return binary("*");
    if (isa<arith::DivFOp>(op))
      return binary("/");
    if (isa<arith::RemFOp>(op))
      return call("fmod", x);
    if (isa<arith::NegFOp>(op))
      return "-" + x[0];
    if (isa<arith::MaxNumFOp>(op))
      return call("fmax", x);
    if (isa<arith::MinNumFOp>(op))
      return call("fmin", x);
    bool isMax = isa<arith::MaximumFOp>(op);
    const char *helper = suffix == "f32" ? (isMax ? kMaximumF32 : kMinimumF32)
                                         : (isMax ? kMaximumF64 : kMinimumF64);
    needs.helpers.insert(helper);
    return call(helper, x);
  }

  // math ops and libm calls.
  llvm::StringRef name = op->getName().getStringRef();
  if (name == "math.isnan" || name == "math.isinf" || name == "math.isfinite") {
    floatSuffix(op, operandType);
    return call(name.drop_front(5).str(), x) + " != 0";
  }
  std::string builtin;
  if (auto callOp = dyn_cast<func::CallOp>(op)) {
    llvm::StringRef callee = callOp.getCallee();
    if (!callee.starts_with("math.") && op->getNumOperands() == 1)
      builtin = unaryMathBuiltin(callee);
    if (builtin.empty())
      cannotPrint(op, "a call of '" + callee.str() + "'");
  } else if (name.starts_with("math.")) {
    builtin = op->getNumOperands() == 1 ? unaryMathBuiltin(name)
                                        : multiMathBuiltin(name);
  }
  if (builtin.empty())
    cannotPrint(op);
  floatSuffix(op, result);
  for (Value operand : op->getOperands())
    if (operand.getType() != result)
      cannotPrint(op, "operands of another type than the result");
  return call(builtin, x);
}

} // namespace sluice::codegen::opencl
