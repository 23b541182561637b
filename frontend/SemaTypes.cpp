//===- SemaTypes.cpp - Shapes, dtypes and the builtin table of Sema ------===//
//
// Broadcasting, dtype joins and the table of builtin functions with their
// signatures, shared by the statement and expression checks.
//
//===----------------------------------------------------------------------===//

#include "frontend/SemaChecker.h"

#include "frontend/Diagnostics.h"

#include <algorithm>

namespace sluice::frontend::sema {

bool locBefore(Loc a, Loc b) {
  return a.line < b.line || (a.line == b.line && a.col < b.col);
}

/// A quoted name for messages (long names are cut).
std::string q(const std::string &name) {
  constexpr size_t kMax = 64;
  if (name.size() <= kMax)
    return "'" + name + "'";
  return "'" + name.substr(0, kMax) + "...'";
}

DType joinDType(DType a, DType b, Loc loc, const std::string &prefix) {
  if (a == b)
    return a;
  if (a == DType::Weak)
    return b;
  if (b == DType::Weak)
    return a;
  if (a == DType::F64 || b == DType::F64)
    throw SourceError(loc, prefix + "cannot mix " + dtypeName(a) + " with " +
                               dtypeName(b) + " in one expression");
  return DType::F32; // f16, bf16 and f32 mix to f32
}

/// NumPy broadcasting on trailing dims. On failure `why` says which dims.
bool broadcastShapes(const Shape &a, const Shape &b, Shape &out,
                     std::string &why) {
  size_t r = std::max(a.size(), b.size());
  Shape res(r);
  for (size_t i = 0; i < r; ++i) {
    const Dim *da = i < a.size() ? &a[a.size() - 1 - i] : nullptr;
    const Dim *db = i < b.size() ? &b[b.size() - 1 - i] : nullptr;
    Dim &o = res[r - 1 - i];
    if (!da)
      o = *db;
    else if (!db)
      o = *da;
    else if (*da == *db)
      o = *da;
    else if (da->isLiteral() && da->size == 1)
      o = *db;
    else if (db->isLiteral() && db->size == 1)
      o = *da;
    else {
      why = "dim " + da->str() + " vs " + db->str();
      return false;
    }
  }
  out = std::move(res);
  return true;
}

Shape broadcastOrThrow(const Shape &a, const Shape &b, Loc loc,
                       const std::string &prefix) {
  Shape out;
  std::string why;
  if (!broadcastShapes(a, b, out, why))
    throw SourceError(loc, prefix + "cannot broadcast " + shapeStr(a) +
                               " with " + shapeStr(b) + ": " + why);
  return out;
}

/// Element-wise join of two values; joining with an unknown gives a partial
/// value.
SLUICE_NOINLINE Ty joinElementwise(const Ty &a, const Ty &b, Loc loc) {
  if (!a.known || !b.known) {
    Ty r = a.known ? a : b;
    if (r.known)
      r.partial = true;
    return r;
  }
  Ty r;
  r.partial = a.partial || b.partial;
  r.dtype = joinDType(a.dtype, b.dtype, loc);
  r.shape = broadcastOrThrow(a.shape, b.shape, loc);
  return r;
}

size_t countDim(const Shape &s, const std::string &name) {
  size_t n = 0;
  for (const Dim &d : s)
    if (!d.isLiteral() && d.name == name)
      ++n;
  return n;
}

int64_t findDim(const Shape &s, const std::string &name) {
  for (size_t i = 0; i < s.size(); ++i)
    if (!s[i].isLiteral() && s[i].name == name)
      return static_cast<int64_t>(i);
  return -1;
}

namespace {

constexpr BuiltinInfo kBuiltins[] = {
    {"exp", Builtin::Exp, Cat::Unary, 1, "(x)"},
    {"log", Builtin::Log, Cat::Unary, 1, "(x)"},
    {"log1p", Builtin::Log1p, Cat::Unary, 1, "(x)"},
    {"expm1", Builtin::Expm1, Cat::Unary, 1, "(x)"},
    {"sqrt", Builtin::Sqrt, Cat::Unary, 1, "(x)"},
    {"rsqrt", Builtin::Rsqrt, Cat::Unary, 1, "(x)"},
    {"tanh", Builtin::Tanh, Cat::Unary, 1, "(x)"},
    {"sigmoid", Builtin::Sigmoid, Cat::Unary, 1, "(x)"},
    {"softplus", Builtin::Softplus, Cat::Unary, 1, "(x)"},
    {"silu", Builtin::Silu, Cat::Unary, 1, "(x)"},
    {"gelu", Builtin::Gelu, Cat::Unary, 1, "(x)"},
    {"relu", Builtin::Relu, Cat::Unary, 1, "(x)"},
    {"abs", Builtin::Abs, Cat::Unary, 1, "(x)"},
    {"sin", Builtin::Sin, Cat::Unary, 1, "(x)"},
    {"cos", Builtin::Cos, Cat::Unary, 1, "(x)"},
    {"logsigmoid", Builtin::Logsigmoid, Cat::Unary, 1, "(x)"},
    {"elu", Builtin::Elu, Cat::Unary, 1, "(x)"},
    {"pow", Builtin::Pow, Cat::Elementwise, 2, "(x, y)"},
    {"min", Builtin::Min, Cat::Elementwise, 2, "(x, y)"},
    {"max", Builtin::Max, Cat::Elementwise, 2, "(x, y)"},
    {"clamp", Builtin::Clamp, Cat::Elementwise, 3, "(x, lo, hi)"},
    {"clip", Builtin::Clamp, Cat::Elementwise, 3, "(x, lo, hi)"},
    {"logaddexp", Builtin::Logaddexp, Cat::Elementwise, 2, "(x, y)"},
    {"sum", Builtin::Sum, Cat::Reduce, 2, "(x, dim)"},
    {"mean", Builtin::Mean, Cat::Reduce, 2, "(x, dim)"},
    {"amax", Builtin::Amax, Cat::Reduce, 2, "(x, dim)"},
    {"amin", Builtin::Amin, Cat::Reduce, 2, "(x, dim)"},
    {"cumsum", Builtin::Cumsum, Cat::Prefix, 2, "(x, dim)"},
    {"cumprod", Builtin::Cumprod, Cat::Prefix, 2, "(x, dim)"},
    {"cummax", Builtin::Cummax, Cat::Prefix, 2, "(x, dim)"},
    {"cummin", Builtin::Cummin, Cat::Prefix, 2, "(x, dim)"},
    {"logcumsumexp", Builtin::Logcumsumexp, Cat::Prefix, 2, "(x, dim)"},
    {"expand_dims", Builtin::ExpandDims, Cat::ExpandDims, 2, "(x, k)"},
    {"unsqueeze", Builtin::ExpandDims, Cat::ExpandDims, 2, "(x, k)"},
    {"squeeze", Builtin::Squeeze, Cat::Squeeze, 2, "(x, k)"},
    {"reshape", Builtin::Reshape, Cat::Reshape, 1, "(x, [dims])"},
    {"shift", Builtin::Shift, Cat::Shift, 3, "(x, dim, k)"},
    {"last", Builtin::Last, Cat::Last, 1, "(h)"},
    {"where", Builtin::Where, Cat::Where, 3, "(cond, a, b)"},
};


} // namespace

const BuiltinInfo *findBuiltin(const std::string &name) {
  for (const BuiltinInfo &b : kBuiltins)
    if (name == b.name)
      return &b;
  return nullptr;
}

const char *symKindName(SymKind k) {
  switch (k) {
  case SymKind::Dim:
    return "a dim";
  case SymKind::Input:
    return "an input";
  case SymKind::Param:
    return "a param";
  case SymKind::Let:
    return "a let";
  case SymKind::State:
    return "a state";
  }
  return "?";
}

RefKind refOf(SymKind k) {
  switch (k) {
  case SymKind::Input:
    return RefKind::Input;
  case SymKind::Param:
    return RefKind::Param;
  case SymKind::Let:
    return RefKind::Let;
  case SymKind::State:
    return RefKind::State;
  case SymKind::Dim:
    break;
  }
  return RefKind::None;
}

} // namespace sluice::frontend::sema
