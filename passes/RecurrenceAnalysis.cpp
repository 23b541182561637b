//===- RecurrenceAnalysis.cpp - The algebra of recognition ----------------===//

#include "passes/RecurrenceAnalysis.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/Support/Format.h"

#include <cmath>

using namespace mlir;

namespace sluice {

//===----------------------------------------------------------------------===//
// Coef
//===----------------------------------------------------------------------===//

std::optional<double> getSplatValue(Value v) {
  if (auto bcast = v.getDefiningOp<sl::BroadcastOp>())
    return getSplatValue(bcast.getInput());
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return f.getValueAsDouble();
  if (auto dense = dyn_cast<DenseFPElementsAttr>(attr))
    if (dense.isSplat())
      return dense.getSplatValue<APFloat>().convertToDouble();
  return std::nullopt;
}

Coef *CoefBuilder::make(Coef::Kind kind) {
  Coef *c = new (arena.Allocate()) Coef();
  c->kind = kind;
  return c;
}

const Coef *CoefBuilder::constant(double value) {
  Coef *c = make(Coef::Kind::Const);
  c->value = value;
  return c;
}

const Coef *CoefBuilder::leaf(Value value, bool varying) {
  if (std::optional<double> splat = getSplatValue(value))
    return constant(*splat);
  Coef *c = make(Coef::Kind::Leaf);
  c->leaf = value;
  c->origin = value.getDefiningOp();
  c->varying = varying;
  return c;
}

const Coef *CoefBuilder::neg(const Coef *a, Operation *origin) {
  if (a->kind == Coef::Kind::Const)
    return constant(-a->value);
  if (a->kind == Coef::Kind::Neg)
    return a->lhs;
  Coef *c = make(Coef::Kind::Neg);
  c->lhs = a;
  c->origin = origin;
  c->varying = a->varying;
  return c;
}

/// Folds `kind` on two constants.
static double fold(Coef::Kind kind, double a, double b) {
  switch (kind) {
  case Coef::Kind::Add:
    return a + b;
  case Coef::Kind::Sub:
    return a - b;
  case Coef::Kind::Mul:
    return a * b;
  case Coef::Kind::Div:
    return a / b;
  case Coef::Kind::Max:
    return std::max(a, b);
  case Coef::Kind::Min:
    return std::min(a, b);
  default: // LogAddExp
    double m = std::max(a, b);
    return std::isinf(m) ? m : m + std::log1p(std::exp(-std::fabs(a - b)));
  }
}

const Coef *CoefBuilder::binary(Coef::Kind kind, const Coef *a, const Coef *b,
                                Operation *origin) {
  using K = Coef::Kind;
  if (a->kind == K::Const && b->kind == K::Const)
    return constant(fold(kind, a->value, b->value));
  switch (kind) {
  case K::Add:
    if (a->isConst(0))
      return b;
    if (b->isConst(0))
      return a;
    break;
  case K::Sub:
    if (b->isConst(0))
      return a;
    if (a->isConst(0))
      return neg(b, origin);
    break;
  case K::Mul:
    if (a->isConst(1))
      return b;
    if (b->isConst(1))
      return a;
    if (a->isConst(0) || b->isConst(0))
      return constant(0);
    if (a->isConst(-1))
      return neg(b, origin);
    if (b->isConst(-1))
      return neg(a, origin);
    break;
  case K::Div:
    if (b->isConst(1))
      return a;
    break;
  default:
    break;
  }
  Coef *c = make(kind);
  c->lhs = a;
  c->rhs = b;
  c->origin = origin;
  c->varying = a->varying || b->varying;
  return c;
}

const Coef *CoefBuilder::broadcast(const Coef *a, Operation *origin) {
  if (a->kind == Coef::Kind::Const)
    return a;
  Coef *c = make(Coef::Kind::Broadcast);
  c->lhs = a;
  c->origin = origin;
  c->varying = a->varying;
  return c;
}

/// True when `a` and `b` are the same constant or the same body value.
static bool sameCoef(const Coef *a, const Coef *b) {
  if (a == b)
    return true;
  if (a->kind != b->kind)
    return false;
  if (a->kind == Coef::Kind::Const)
    return a->value == b->value ||
           (std::isnan(a->value) && std::isnan(b->value));
  return a->kind == Coef::Kind::Leaf && a->leaf == b->leaf;
}

const Coef *CoefBuilder::select(const Coef *cond, const Coef *a, const Coef *b,
                                Operation *origin) {
  if (sameCoef(a, b))
    return a;
  Coef *c = make(Coef::Kind::Select);
  c->cond = cond;
  c->lhs = a;
  c->rhs = b;
  c->origin = origin;
  c->varying = cond->varying || a->varying || b->varying;
  return c;
}

//===----------------------------------------------------------------------===//
// describe
//===----------------------------------------------------------------------===//

/// `2`, `-0.5`, `1e-06`.
static std::string formatNumber(double v) {
  std::string s;
  llvm::raw_string_ostream(s) << llvm::format("%g", v);
  return s;
}

/// Renders a body value as the expression that computes it.
static std::string describeValue(Value v, int depth) {
  if (auto arg = dyn_cast<BlockArgument>(v)) {
    auto loop = dyn_cast_or_null<sl::LoopOp>(arg.getOwner()->getParentOp());
    unsigned i = arg.getArgNumber();
    if (!loop)
      return "arg" + std::to_string(i);
    unsigned seqs = loop.getSeqs().size(), invs = loop.getInvariants().size();
    if (i < seqs)
      return "seq" + std::to_string(i);
    if (i < seqs + invs)
      return "inv" + std::to_string(i - seqs);
    return "state";
  }
  if (std::optional<double> splat = getSplatValue(v))
    return formatNumber(*splat);
  Operation *op = v.getDefiningOp();
  std::string name = op->getName().stripDialect().str();
  if (depth == 0)
    return name + "(...)";
  std::string s = name + "(";
  for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
    if (!isa<TensorType, FloatType>(operand.getType()))
      continue;
    s += (i ? ", " : "") + describeValue(operand, depth - 1);
  }
  return s + ")";
}

std::string describe(const Coef *coef) {
  using K = Coef::Kind;
  auto bin = [&](StringRef name) {
    return (name + "(" + describe(coef->lhs) + ", " + describe(coef->rhs) + ")")
        .str();
  };
  switch (coef->kind) {
  case K::Const:
    return formatNumber(coef->value);
  case K::Leaf:
    return describeValue(coef->leaf, 4);
  case K::Neg:
    return "neg(" + describe(coef->lhs) + ")";
  case K::Broadcast:
    return "bcast(" + describe(coef->lhs) + ")";
  case K::Add:
    return bin("add");
  case K::Sub:
    return bin("sub");
  case K::Mul:
    return bin("mul");
  case K::Div:
    return bin("div");
  case K::Max:
    return bin("max");
  case K::Min:
    return bin("min");
  case K::LogAddExp:
    return bin("logaddexp");
  case K::Select:
    return "select(" + describe(coef->cond) + ", " + describe(coef->lhs) +
           ", " + describe(coef->rhs) + ")";
  }
  return "?";
}

//===----------------------------------------------------------------------===//
// RecurrenceAnalysis
//===----------------------------------------------------------------------===//

RecurrenceAnalysis::RecurrenceAnalysis(sl::LoopOp loop, sl::Semiring semiring,
                                       CoefBuilder &coefs,
                                       bool assumePositiveFactors)
    : semiring(semiring), coefs(coefs),
      assumePositiveFactors(assumePositiveFactors) {
  Block &body = loop.getBody().front();
  for (unsigned i = 0, e = loop.getSeqs().size(); i < e; ++i)
    varying.insert(body.getArgument(i));
  const Coef *one = coefs.constant(semiring == sl::Semiring::linear ? 1 : 0);
  for (auto [s, lag] : llvm::enumerate(loop.getLags()))
    for (unsigned l = 1; l <= lag; ++l) {
      Info state;
      state.kind = Info::Affine;
      state.form.terms.push_back({{unsigned(s), l}, one});
      infos[loop.getStateArg(s, l)] = state;
    }
  for (Operation &op : body.without_terminator())
    visit(&op);

  bool isLinear = semiring == sl::Semiring::linear;
  for (Value v : loop.getYield().getValues()) {
    const Info &in = info(v);
    StateUpdate update;
    switch (in.kind) {
    case Info::Independent:
      update.affine = true;
      update.form.forcing = leaf(v);
      break;
    case Info::Affine:
      update.affine = true;
      update.form = in.form;
      break;
    case Info::Exp:
    case Info::NonLinear:
      update.culprit = in.culprit;
      update.kind = in.why;
      break;
    }
    if (isLinear && update.affine) {
      // In (+,*) a zero coefficient or forcing is the semiring's zero.
      if (update.form.forcing && update.form.forcing->isConst(0))
        update.form.forcing = nullptr;
      llvm::erase_if(update.form.terms,
                     [](auto &term) { return term.second->isConst(0); });
    }
    updates.push_back(std::move(update));
  }
}

bool RecurrenceAnalysis::dependsOnState(Value v) const {
  auto it = infos.find(v);
  return it != infos.end() && it->second.kind != Info::Independent;
}

const RecurrenceAnalysis::Info &RecurrenceAnalysis::info(Value v) const {
  // Values without an entry (outer values, state-independent ones) are
  // independent. Never inserts, so references stay valid.
  static const Info independent;
  auto it = infos.find(v);
  return it == infos.end() ? independent : it->second;
}

const Coef *RecurrenceAnalysis::leaf(Value v) {
  return coefs.leaf(v, isVarying(v));
}

RecurrenceAnalysis::Info RecurrenceAnalysis::nonLinear(Operation *op,
                                                       CulpritKind why) {
  Info in;
  in.kind = Info::NonLinear;
  in.culprit = op;
  in.why = why;
  return in;
}

void RecurrenceAnalysis::visit(Operation *op) {
  // Shapes do not depend on values: tensor.dim is independent and constant.
  if (isa<tensor::DimOp>(op))
    return;
  if (llvm::any_of(op->getOperands(), [&](Value v) { return isVarying(v); }))
    for (Value r : op->getResults())
      varying.insert(r);
  if (!llvm::any_of(op->getOperands(),
                    [&](Value v) { return dependsOnState(v); }))
    return;
  Info result = classify(op);
  for (Value r : op->getResults())
    infos[r] = result;
}

/// Whether `v` is the splat constant `value` (possibly broadcast).
static bool isSplat(Value v, double value) {
  std::optional<double> splat = getSplatValue(v);
  return splat && *splat == value;
}

/// The operands (x, y) of a `logaddexp(x, y)` as the frontend expands it
/// (frontend/IRGen.cpp, ModelGen::emitLogaddexp): `hi + log1p(exp(lo -
/// min(max(hi, -L), L)))` with hi = max(x, y), lo = min(x, y) and L the
/// largest finite value of the element type; nullopt for another op.
static std::optional<std::pair<Value, Value>> logaddexpOperands(Operation *op) {
  auto add = dyn_cast<arith::AddFOp>(op);
  if (!add)
    return std::nullopt;
  auto hi = add.getLhs().getDefiningOp<arith::MaximumFOp>();
  auto log1p = add.getRhs().getDefiningOp<math::Log1pOp>();
  if (!hi || !log1p)
    return std::nullopt;
  auto exp = log1p.getOperand().getDefiningOp<math::ExpOp>();
  auto gap = exp ? exp.getOperand().getDefiningOp<arith::SubFOp>() : nullptr;
  auto lo = gap ? gap.getLhs().getDefiningOp<arith::MinimumFOp>() : nullptr;
  auto upper = gap ? gap.getRhs().getDefiningOp<arith::MinimumFOp>() : nullptr;
  auto lower =
      upper ? upper.getLhs().getDefiningOp<arith::MaximumFOp>() : nullptr;
  if (!lo || !lower || lower.getLhs() != hi.getResult())
    return std::nullopt;
  auto floatType = dyn_cast<FloatType>(getElementTypeOrSelf(hi.getType()));
  if (!floatType)
    return std::nullopt;
  double largest =
      APFloat::getLargest(floatType.getFloatSemantics()).convertToDouble();
  if (!isSplat(lower.getRhs(), -largest) || !isSplat(upper.getRhs(), largest))
    return std::nullopt;
  Value x = hi.getLhs(), y = hi.getRhs();
  bool same = (lo.getLhs() == x && lo.getRhs() == y) ||
              (lo.getLhs() == y && lo.getRhs() == x);
  if (!same)
    return std::nullopt;
  return std::make_pair(x, y);
}

std::optional<RecurrenceAnalysis::Info>
RecurrenceAnalysis::breaksLinearity(Operation *op) {
  auto dep = [&](Value v) { return dependsOnState(v); };
  if (isa<arith::AddFOp, arith::SubFOp, arith::NegFOp, sl::BroadcastOp>(op))
    return std::nullopt;
  if (isa<arith::MulFOp, sl::MatmulOp>(op))
    return dep(op->getOperand(0)) && dep(op->getOperand(1))
               ? std::optional(nonLinear(op, CulpritKind::Product))
               : std::nullopt;
  if (isa<arith::DivFOp>(op))
    return dep(op->getOperand(1))
               ? std::optional(nonLinear(op, CulpritKind::Division))
               : std::nullopt;
  if (auto reduce = dyn_cast<sl::ReduceOp>(op);
      reduce && (reduce.getKind() == sl::ReduceKind::sum ||
                 reduce.getKind() == sl::ReduceKind::mean))
    return std::nullopt;
  return nonLinear(op);
}

RecurrenceAnalysis::Info RecurrenceAnalysis::classify(Operation *op) {
  if (isa<arith::SelectOp>(op))
    return select(op);
  // `logaddexp(x, y)` as a whole: its expansion's max, min and log1p are
  // not log-add-exp forms, but the sum they compute is x (+) y.
  if (semiring == sl::Semiring::log_add_exp)
    if (auto operands = logaddexpOperands(op))
      return logaddexpOf(op, operands->first, operands->second);
  for (Value v : op->getOperands()) {
    Info in = info(v);
    if (in.kind != Info::NonLinear)
      continue;
    // A channel coupling (a matmul, a channel sum) is linear: it stays
    // the reason only through ops that keep the update linear; past one
    // that would not (tanh of it), that op is the reason.
    if (in.why == CulpritKind::ChannelCoupling &&
        semiring == sl::Semiring::linear)
      if (std::optional<Info> broken = breaksLinearity(op))
        return *broken;
    return in;
  }
  if (op->getNumResults() != 1 || op->getNumRegions() != 0)
    return nonLinear(op);
  switch (semiring) {
  case sl::Semiring::linear:
    return linear(op);
  case sl::Semiring::max_plus:
  case sl::Semiring::min_plus:
    return tropical(op);
  case sl::Semiring::log_add_exp:
    return logAddExp(op);
  }
  return nonLinear(op);
}

AffineForm RecurrenceAnalysis::merge(const AffineForm &a, const AffineForm &b,
                                     Coef::Kind kind, Operation *origin) {
  AffineForm r;
  auto ia = a.terms.begin(), ib = b.terms.begin();
  while (ia != a.terms.end() || ib != b.terms.end()) {
    if (ib == b.terms.end() || (ia != a.terms.end() && ia->first < ib->first)) {
      r.terms.push_back(*ia++);
    } else if (ia == a.terms.end() || ib->first < ia->first) {
      r.terms.push_back(*ib++);
    } else {
      r.terms.push_back(
          {ia->first, coefs.binary(kind, ia->second, ib->second, origin)});
      ++ia, ++ib;
    }
  }
  if (a.forcing && b.forcing)
    r.forcing = coefs.binary(kind, a.forcing, b.forcing, origin);
  else
    r.forcing = a.forcing ? a.forcing : b.forcing;
  return r;
}

AffineForm
RecurrenceAnalysis::map(const AffineForm &a, bool mapForcing,
                        llvm::function_ref<const Coef *(const Coef *)> fn) {
  AffineForm r;
  for (auto &[key, coef] : a.terms)
    r.terms.push_back({key, fn(coef)});
  r.forcing = a.forcing;
  if (mapForcing && a.forcing)
    r.forcing = fn(a.forcing);
  return r;
}

RecurrenceAnalysis::Info RecurrenceAnalysis::linear(Operation *op) {
  using K = Coef::Kind;
  Info result;
  result.kind = Info::Affine;
  auto dep = [&](Value v) { return dependsOnState(v); };
  auto negate = [&](const AffineForm &f) {
    return map(f, true, [&](const Coef *c) { return coefs.neg(c, op); });
  };
  // `f + c` for independent `c` (or `c + f` when `cFirst`).
  auto addForcing = [&](const AffineForm &f, const Coef *c, bool cFirst) {
    AffineForm r = f;
    if (!f.forcing)
      r.forcing = c;
    else
      r.forcing = cFirst ? coefs.binary(K::Add, c, f.forcing, op)
                         : coefs.binary(K::Add, f.forcing, c, op);
    return r;
  };
  if (isa<arith::AddFOp, arith::SubFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    bool sub = isa<arith::SubFOp>(op);
    if (dep(a) && dep(b)) {
      result.form = merge(info(a).form, sub ? negate(info(b).form) : info(b).form,
                          K::Add, op);
    } else if (dep(a)) {
      const Coef *c = leaf(b);
      result.form = addForcing(info(a).form, sub ? coefs.neg(c, op) : c, false);
    } else {
      AffineForm f = sub ? negate(info(b).form) : info(b).form;
      result.form = addForcing(f, leaf(a), true);
    }
    return result;
  }
  if (isa<arith::NegFOp>(op)) {
    result.form = negate(info(op->getOperand(0)).form);
    return result;
  }
  if (isa<arith::MulFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    if (dep(a) && dep(b))
      return nonLinear(op, CulpritKind::Product);
    bool aDep = dep(a);
    const Coef *c = leaf(aDep ? b : a);
    result.form = map(info(aDep ? a : b).form, true, [&](const Coef *x) {
      return aDep ? coefs.binary(K::Mul, x, c, op)
                  : coefs.binary(K::Mul, c, x, op);
    });
    return result;
  }
  if (isa<arith::DivFOp>(op)) {
    if (dep(op->getOperand(1)))
      return nonLinear(op, CulpritKind::Division);
    const Coef *c = leaf(op->getOperand(1));
    result.form = map(info(op->getOperand(0)).form, true, [&](const Coef *x) {
      return coefs.binary(K::Div, x, c, op);
    });
    return result;
  }
  if (isa<sl::BroadcastOp>(op)) {
    result.form = map(info(op->getOperand(0)).form, true,
                      [&](const Coef *x) { return coefs.broadcast(x, op); });
    return result;
  }
  if (isa<sl::MatmulOp>(op) && !(dep(op->getOperand(0)) && dep(op->getOperand(1))))
    return nonLinear(op, CulpritKind::ChannelCoupling);
  // A sum over channels is linear too, but mixes the channels of the state.
  if (auto reduce = dyn_cast<sl::ReduceOp>(op);
      reduce && (reduce.getKind() == sl::ReduceKind::sum ||
                 reduce.getKind() == sl::ReduceKind::mean))
    return nonLinear(op, CulpritKind::ChannelCoupling);
  if (isa<sl::MatmulOp>(op))
    return nonLinear(op, CulpritKind::Product);
  return nonLinear(op);
}

RecurrenceAnalysis::Info RecurrenceAnalysis::tropical(Operation *op) {
  using K = Coef::Kind;
  bool isMax = semiring == sl::Semiring::max_plus;
  Info result;
  result.kind = Info::Affine;
  auto dep = [&](Value v) { return dependsOnState(v); };
  if (isa<arith::AddFOp, arith::SubFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    bool sub = isa<arith::SubFOp>(op);
    // (x) is +: only `f + c`, `c + f` and `f - c` stay affine.
    if ((dep(a) && dep(b)) || (sub && dep(b)))
      return nonLinear(op);
    bool aDep = dep(a);
    const Coef *c = leaf(aDep ? b : a);
    result.form = map(info(aDep ? a : b).form, true, [&](const Coef *x) {
      if (sub)
        return coefs.binary(K::Sub, x, c, op);
      return aDep ? coefs.binary(K::Add, x, c, op)
                  : coefs.binary(K::Add, c, x, op);
    });
    return result;
  }
  bool isPlus = isMax ? isa<arith::MaximumFOp, arith::MaxNumFOp>(op)
                      : isa<arith::MinimumFOp, arith::MinNumFOp>(op);
  if (isPlus) {
    K kind = isMax ? K::Max : K::Min;
    Value a = op->getOperand(0), b = op->getOperand(1);
    auto formOf = [&](Value v) {
      if (dep(v))
        return info(v).form;
      AffineForm f;
      f.forcing = leaf(v);
      return f;
    };
    result.form = merge(formOf(a), formOf(b), kind, op);
    return result;
  }
  if (isa<sl::BroadcastOp>(op)) {
    result.form = map(info(op->getOperand(0)).form, true,
                      [&](const Coef *x) { return coefs.broadcast(x, op); });
    return result;
  }
  return nonLinear(op);
}

RecurrenceAnalysis::Info RecurrenceAnalysis::logaddexpOf(Operation *op,
                                                         Value x, Value y) {
  // Each side is a log-space affine form, or state-independent (a forcing).
  AffineForm forms[2];
  Value sides[2] = {x, y};
  for (int i = 0; i < 2; ++i) {
    const Info &side = info(sides[i]);
    if (side.kind == Info::NonLinear)
      return side;
    if (side.kind == Info::Exp)
      return nonLinear(op);
    if (side.kind == Info::Affine)
      forms[i] = side.form;
    else
      forms[i].forcing = leaf(sides[i]);
  }
  Info result;
  result.kind = Info::Affine;
  result.form = merge(forms[0], forms[1], Coef::Kind::LogAddExp, op);
  return result;
}

/// The operand `w` of `v = math.exp(w)`, if `v` is one.
static Value expArgument(Value v) {
  if (auto exp = v.getDefiningOp<math::ExpOp>())
    return exp.getOperand();
  return nullptr;
}

RecurrenceAnalysis::Info RecurrenceAnalysis::logAddExp(Operation *op) {
  using K = Coef::Kind;
  auto dep = [&](Value v) { return dependsOnState(v); };
  auto kindOf = [&](Value v) { return info(v).kind; };
  Info result;
  result.kind = Info::Affine;
  // `exp(f) * exp(w)`: an exp-form with `w` added to every log-coefficient.
  auto shift = [&](const AffineForm &f, Value w) {
    const Coef *c = leaf(w);
    return map(f, true,
               [&](const Coef *x) { return coefs.binary(K::Add, x, c, op); });
  };
  if (isa<arith::AddFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    if (dep(a) && dep(b)) {
      if (kindOf(a) != Info::Exp || kindOf(b) != Info::Exp)
        return nonLinear(op);
      result = info(a);
      result.form = merge(info(a).form, info(b).form, K::LogAddExp, op);
      return result;
    }
    Value d = dep(a) ? a : b, c = dep(a) ? b : a;
    if (kindOf(d) == Info::Affine) { // log-space: `f + c`
      result.form = map(info(d).form, true, [&](const Coef *x) {
        return coefs.binary(K::Add, x, leaf(c), op);
      });
      return result;
    }
    // exp-space: `exp(f) + exp(w)` adds `w` to the forcing (logaddexp).
    Value w = expArgument(c);
    if (!w)
      return nonLinear(op);
    AffineForm forcing;
    forcing.forcing = leaf(w);
    result = info(d);
    result.form = merge(info(d).form, forcing, K::LogAddExp, op);
    return result;
  }
  if (isa<arith::SubFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    if (dep(b) || kindOf(a) != Info::Affine)
      return nonLinear(op);
    result.form = map(info(a).form, true, [&](const Coef *x) {
      return coefs.binary(K::Sub, x, leaf(b), op);
    });
    return result;
  }
  if (isa<math::ExpOp>(op)) {
    if (kindOf(op->getOperand(0)) != Info::Affine)
      return nonLinear(op);
    result = info(op->getOperand(0));
    result.kind = Info::Exp;
    result.culprit = op; // if the exp is never taken back with a log
    return result;
  }
  if (isa<arith::MulFOp>(op)) {
    Value a = op->getOperand(0), b = op->getOperand(1);
    if (dep(a) && dep(b))
      return nonLinear(op, CulpritKind::Product);
    Value d = dep(a) ? a : b, factor = dep(a) ? b : a;
    if (kindOf(d) != Info::Exp)
      return nonLinear(op);
    Value w = expArgument(factor);
    if (!w && !assumePositiveFactors)
      return nonLinear(op, CulpritKind::UnsignedFactor);
    result = info(d);
    result.form = shift(info(d).form, w ? w : factor);
    return result;
  }
  if (isa<math::LogOp>(op)) {
    if (kindOf(op->getOperand(0)) != Info::Exp)
      return nonLinear(op);
    result.form = info(op->getOperand(0)).form;
    return result;
  }
  if (isa<sl::BroadcastOp>(op)) {
    result = info(op->getOperand(0));
    result.form = map(result.form, true,
                      [&](const Coef *x) { return coefs.broadcast(x, op); });
    return result;
  }
  return nonLinear(op);
}

RecurrenceAnalysis::Info RecurrenceAnalysis::select(Operation *op) {
  auto sel = cast<arith::SelectOp>(op);
  Value cond = sel.getCondition();
  Value branches[2] = {sel.getTrueValue(), sel.getFalseValue()};
  // A non-linear branch is the more telling culprit.
  for (Value v : branches)
    if (info(v).kind == Info::NonLinear)
      return info(v);
  if (dependsOnState(cond))
    return nonLinear(op, CulpritKind::StateCondition);
  // Log-add-exp: an exp-form branch is a sum of exponentials, and selecting
  // between those is not a log-space affine map that the analysis builds.
  for (Value v : branches)
    if (info(v).kind == Info::Exp)
      return nonLinear(op);
  if (!isa<RankedTensorType>(cond.getType()))
    return nonLinear(op);
  double zero = 0;
  switch (semiring) {
  case sl::Semiring::linear:
    break;
  case sl::Semiring::max_plus:
  case sl::Semiring::log_add_exp:
    zero = -INFINITY;
    break;
  case sl::Semiring::min_plus:
    zero = INFINITY;
    break;
  }
  auto formOf = [&](Value v) {
    if (dependsOnState(v))
      return info(v).form;
    AffineForm f;
    f.forcing = leaf(v);
    return f;
  };
  AffineForm a = formOf(branches[0]), b = formOf(branches[1]);
  const Coef *c = leaf(cond);
  auto pick = [&](const Coef *x, const Coef *y) {
    return coefs.select(c, x ? x : coefs.constant(zero),
                        y ? y : coefs.constant(zero), op);
  };
  Info result;
  result.kind = Info::Affine;
  auto ia = a.terms.begin(), ib = b.terms.begin();
  while (ia != a.terms.end() || ib != b.terms.end()) {
    if (ib == b.terms.end() || (ia != a.terms.end() && ia->first < ib->first)) {
      result.form.terms.push_back({ia->first, pick(ia->second, nullptr)});
      ++ia;
    } else if (ia == a.terms.end() || ib->first < ia->first) {
      result.form.terms.push_back({ib->first, pick(nullptr, ib->second)});
      ++ib;
    } else {
      result.form.terms.push_back({ia->first, pick(ia->second, ib->second)});
      ++ia, ++ib;
    }
  }
  if (a.forcing || b.forcing)
    result.form.forcing = pick(a.forcing, b.forcing);
  return result;
}

} // namespace sluice
