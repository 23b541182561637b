//===- SemaShapes.cpp - squeeze, reshape, window inits and shape notes ----===//
//
// The shape builtins that add or remove size-1 dims (`squeeze(x, k)`,
// `reshape(x, [dims])`; `unsqueeze` is `expand_dims`), the lag dim of a
// window init `init h[-k:] = v`, and the note that says why a state's scan
// dim sits where it does when an element-wise operation on it fails.
//
//===----------------------------------------------------------------------===//

#include "frontend/SemaChecker.h"

#include "frontend/Diagnostics.h"

#include <algorithm>
#include <map>

namespace sluice::frontend::sema {

namespace {

/// `s` without its dims of literal size 1.
Shape nonUnitDims(const Shape &s) {
  Shape out;
  for (const Dim &d : s)
    if (!(d.isLiteral() && d.size == 1))
      out.push_back(d);
  return out;
}

/// "B*T*D" (literal sizes multiplied into one factor), "1" for a scalar.
std::string countStr(const Shape &s) {
  std::string out;
  for (const Dim &d : s) {
    if (!out.empty())
      out += "*";
    out += d.str();
  }
  return out.empty() ? "1" : out;
}

/// The element count of `s` as a monomial: the sorted dim names and the
/// product of the literal sizes (false when that product overflows).
bool monomial(const Shape &s, std::vector<std::string> &names,
              int64_t &literal) {
  literal = 1;
  names.clear();
  for (const Dim &d : s) {
    if (d.isLiteral()) {
      if (__builtin_mul_overflow(literal, d.size, &literal))
        return false;
    } else {
      names.push_back(d.name);
    }
  }
  std::sort(names.begin(), names.end());
  return true;
}

/// "1st", "2nd", ... for messages.
std::string ordinal(int64_t n) {
  const char *suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                       : n % 10 == 1                    ? "st"
                       : n % 10 == 2                    ? "nd"
                       : n % 10 == 3                    ? "rd"
                                                        : "th";
  return std::to_string(n) + suffix;
}

} // namespace

Ty ModelChecker::squeeze(Expr &e, Ty x, int64_t k) {
  int64_t rank = static_cast<int64_t>(x.shape.size());
  if (rank == 0)
    throw SourceError(e.operands[0]->loc,
                      "squeeze needs a tensor with a dim of size 1; this is a "
                      "scalar");
  if (k < -rank || k >= rank)
    throw SourceError(e.operands[1]->loc,
                      "squeeze position " + std::to_string(k) +
                          " is out of range for " + shapeStr(x.shape) +
                          " (allowed " + std::to_string(-rank) + " to " +
                          std::to_string(rank - 1) + ")");
  int64_t axis = k < 0 ? k + rank : k;
  const Dim &d = x.shape[static_cast<size_t>(axis)];
  if (!(d.isLiteral() && d.size == 1))
    throw SourceError(e.operands[1]->loc,
                      "squeeze removes a dim of size 1, but " +
                          shapeStr(x.shape) + " has " + d.str() +
                          " at position " + std::to_string(k));
  e.axis = axis;
  x.shape.erase(x.shape.begin() + axis);
  return x;
}

Ty ModelChecker::reshape(Expr &e, Ty x) {
  for (size_t i = 0; i < e.dimList.size(); ++i)
    if (!e.dimList[i].isLiteral())
      lookupDim(e.dimList[i].name, e.dimListLocs[i]);
  const Shape &from = x.shape;
  const Shape &to = e.dimList;
  if (nonUnitDims(from) == nonUnitDims(to)) {
    x.shape = to;
    return x;
  }
  std::string head = "reshape from " + shapeStr(from) + " to " + shapeStr(to);
  std::vector<std::string> na, nb;
  int64_t la = 0, lb = 0;
  bool fa = monomial(from, na, la), fb = monomial(to, nb, lb);
  if (fa && fb && na == nb && la == lb)
    throw SourceError(e.dimListLoc,
                      head + " keeps the element count but moves or regroups "
                             "dims; reshape only adds or removes dims of size "
                             "1, keeping the other dims in order");
  if (fa && fb && na == nb)
    throw SourceError(e.dimListLoc, head + " changes the number of elements (" +
                                        countStr(from) + " vs " +
                                        countStr(to) + ")");
  throw SourceError(e.dimListLoc,
                    head + ": the element counts " + countStr(from) + " and " +
                        countStr(to) +
                        " are not provably equal (dims are sized at run "
                        "time); reshape only adds or removes dims of size 1");
}

Ty ModelChecker::joinNamingStates(const Ty &a, const Ty &b, Expr &node) {
  try {
    return joinElementwise(a, b, node.loc);
  } catch (SourceError &err) {
    if (sc_)
      throw; // inside a block, states are slices: their scan dim is not in
             // play
    // The states the operands read directly, each once, in source order.
    std::vector<const Expr *> stack, found;
    for (const ExprPtr &op : node.operands)
      stack.push_back(op.get());
    while (!stack.empty()) {
      const Expr *cur = stack.back();
      stack.pop_back();
      if (cur->kind == ExprKind::Name && cur->ref == RefKind::State &&
          std::none_of(found.begin(), found.end(),
                       [&](const Expr *f) { return f->name == cur->name; }))
        found.push_back(cur);
      for (const ExprPtr &op : cur->operands)
        stack.push_back(op.get());
    }
    std::sort(found.begin(), found.end(), [](const Expr *p, const Expr *r) {
      return locBefore(p->loc, r->loc);
    });
    for (const Expr *ref : found) {
      size_t before = err.notes.size();
      noteStateShape(err, ref->name);
      if (err.notes.size() > before && err.notes.size() >= 2)
        break;
    }
    throw;
  }
}

void ModelChecker::noteStateShape(SourceError &err,
                                  const std::string &name) const {
  auto it = syms_.find(name);
  if (it == syms_.end() || !it->second.state)
    return;
  const StateInfo &st = *it->second.state;
  const Scan &scan = *m_.stmts[static_cast<size_t>(it->second.scanStmt)].scan;
  int64_t after = static_cast<int64_t>(st.shape.size()) - 1 - st.timeAxis;
  std::string why = "state " + q(st.name) + " is " + shapeStr(st.shape) +
                    " because of where its scan dim goes: one step of " +
                    st.name + " is " + shapeStr(st.sliceShape) + ", and ";
  if (st.timeRuleName.empty()) {
    why += scan.dim + " goes first, as the block reads no tensor at [" +
           scan.index + "]; to put " + scan.dim +
           " elsewhere, read in that block a tensor at [" + scan.index +
           "] that has it there (e.g. add 0.0 * x[" + scan.index +
           "] for an input x)";
  } else {
    const std::string &ref = st.timeRuleName;
    why += scan.dim +
           " is put where it has as many dims after it as in "
           "the tensors the block reads at [" +
           scan.index + "] (" + std::to_string(after) + ", as in " + q(ref) +
           " " + shapeStr(st.timeRuleShape) + "); for more dims after " +
           scan.dim + ", read at [" + scan.index +
           "] a tensor with that many after " + scan.dim + " (e.g. let " + ref +
           "e = expand_dims(" + ref + ", -1), then " + ref + "e[" + scan.index +
           "])";
  }
  err.notes.push_back({st.loc, why});
}

int64_t ModelChecker::windowAxis(const ScanStmt &st, const Ty &v) {
  const Scan &s = *sc_->scan;
  int64_t rank = static_cast<int64_t>(v.shape.size());
  std::string head = "init " + st.name + "[-" + std::to_string(st.lag) +
                     ":]: the value " + shapeStr(v.shape) + " must hold the " +
                     std::to_string(st.lag) + " steps ";
  int64_t axis = sc_->windowFromEnd < 0 ? 0 : rank - 1 - sc_->windowFromEnd;
  std::string where =
      sc_->windowFromEnd < 0
          ? "its first dim (this block reads no tensor at [" + s.index +
                "], so " + st.name + " has " + s.dim + " first)"
          : "its " + ordinal(sc_->windowFromEnd + 1) +
                " dim from the end (where " + st.name + " has " + s.dim +
                ", as in " + q(sc_->windowRefName) + ")";
  if (axis < 0 || axis >= rank)
    throw SourceError(st.value->loc,
                      head + "along " + where + ", which it does not have");
  const Dim &d = v.shape[static_cast<size_t>(axis)];
  if (!(d.isLiteral() && d.size == st.lag))
    throw SourceError(st.value->loc,
                      head + "along " + where + ", which is " + d.str() +
                          ", not " + std::to_string(st.lag));
  return axis;
}

void ModelChecker::findWindowRef(const Scan &s) {
  sc_->windowFromEnd = -1;
  std::vector<const Expr *> stack;
  for (const ScanStmt &st : s.body)
    if (st.kind != ScanStmt::Kind::Init)
      stack.push_back(st.value.get());
  // The first time-indexed outer tensor in source order fixes the position.
  Loc best{};
  bool have = false;
  while (!stack.empty()) {
    const Expr *cur = stack.back();
    stack.pop_back();
    for (const ExprPtr &op : cur->operands)
      stack.push_back(op.get());
    if (cur->kind != ExprKind::TimeIndex || sc_->stateIdx.count(cur->name) ||
        sc_->letIdx.count(cur->name))
      continue;
    auto it = syms_.find(cur->name);
    if (it == syms_.end() || it->second.kind == SymKind::Dim)
      continue;
    const Shape &shape = it->second.type.shape;
    if (countDim(shape, s.dim) != 1 || (have && !locBefore(cur->loc, best)))
      continue;
    have = true;
    best = cur->loc;
    sc_->windowFromEnd =
        static_cast<int64_t>(shape.size()) - 1 - findDim(shape, s.dim);
    sc_->windowRefName = cur->name;
  }
}

} // namespace sluice::frontend::sema
