//===- Sema.cpp - Names, dims, shapes and types of the model language -----===//
//
// One ModelChecker per model walks the statements in order with a symbol
// table of what is defined so far. Expressions are checked by a recursive
// walk whose depth the parser bounds (kMaxExprDepth); chains of binary
// operators are followed with a loop along their left spine.
//
// Scan blocks: the slice shapes and dtypes of the states are found by a
// fixpoint. Each state starts "unknown" (no information yet); the body is
// checked statement by statement, and after each definition and init the
// state's type is joined (broadcast shapes, joined dtypes) with the value's.
// A read of an unknown state gives an unknown value. Element-wise operations
// combine an unknown with a known value into a "partial" one (its shape and
// dtype are what is known so far, a lower bound); operations that check the
// shape of their operand (matmul, reductions, prefix ops, shift, expand_dims)
// give unknown for an unknown or partial operand. States take the type of
// partial values too, so later checks know more. After a first pass over the
// body, only the statements that read a state or let whose type changed are
// checked again (a worklist, in body order), so a long chain of states settles
// in linear time. When nothing changes any more, states still unknown become
// weak scalars, then weak states become f32, and the checks go on; a last
// full pass, which changes nothing, leaves its types in the tree.
//
// The statement checks live here; expressions are checked in SemaExpr.cpp,
// shapes and dtypes in SemaTypes.cpp, on the class declared in SemaChecker.h.
//
//===----------------------------------------------------------------------===//

#include "frontend/Sema.h"

#include "frontend/Diagnostics.h"
#include "frontend/Lexer.h"
#include "frontend/SemaChecker.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace sluice::frontend {

namespace sema {

void ModelChecker::collectDefs() {
  auto add = [&](const std::string &n, Loc l) { defs_.emplace(n, l); };
  for (Stmt &s : m_.stmts) {
    switch (s.kind) {
    case Stmt::Kind::Dims:
      for (size_t i = 0; i < s.dims.size(); ++i)
        add(s.dims[i], s.dimLocs[i]);
      break;
    case Stmt::Kind::Input:
    case Stmt::Kind::Param:
      add(s.decl.name, s.decl.loc);
      for (const Dim &d : s.decl.type.shape)
        if (!d.isLiteral())
          declDims_.insert(d.name);
      break;
    case Stmt::Kind::Let:
      add(s.letName, s.letNameLoc);
      break;
    case Stmt::Kind::Scan:
      for (ScanStmt &st : s.scan->body)
        if (st.kind == ScanStmt::Kind::State)
          add(st.name, st.nameLoc);
        else if (st.kind == ScanStmt::Kind::Let)
          scanLocals_.emplace(st.name, st.nameLoc);
      break;
    case Stmt::Kind::Output:
      for (OutputItem &o : s.outputs)
        if (o.value)
          add(o.name, o.loc);
      break;
    }
  }
}

void ModelChecker::define(const std::string &name, Loc loc, Symbol sym) {
  auto it = syms_.find(name);
  if (it != syms_.end())
    throw SourceError(loc, q(name) + " is defined twice (first at " +
                               locStr(it->second.loc) + ")");
  sym.loc = loc;
  syms_.emplace(name, std::move(sym));
}

void ModelChecker::undefined(const std::string &name, Loc use,
                             const char *what) {
  auto it = defs_.find(name);
  if (it != defs_.end()) {
    if (locBefore(it->second, use))
      throw SourceError(use, q(name) + " is used in its own definition");
    throw SourceError(use, q(name) + " is used before its definition (at " +
                               locStr(it->second) + ")");
  }
  if (auto local = scanLocals_.find(name); local != scanLocals_.end())
    throw SourceError(use, q(name) + " is local to the scan block that "
                                     "defines it (at " +
                               locStr(local->second) +
                               "); only the block's states are visible "
                               "outside it");
  throw SourceError(use, std::string("unknown ") + what + " " + q(name));
}

const Symbol &ModelChecker::lookupDim(const std::string &name, Loc loc) {
  if (sc_) {
    if (name == sc_->scan->index)
      throw SourceError(loc, q(name) + " is the scan index, not a dim");
    if (sc_->letIdx.count(name) || sc_->stateIdx.count(name))
      throw SourceError(loc, q(name) + " is a tensor, not a dim");
  }
  auto it = syms_.find(name);
  if (it == syms_.end())
    undefined(name, loc, "dim");
  if (it->second.kind != SymKind::Dim)
    throw SourceError(loc, q(name) + " is a tensor, not a dim");
  return it->second;
}

void ModelChecker::checkDeclType(const Decl &d, size_t stmtIdx) {
  static const std::vector<Loc> kNone;
  const std::vector<Loc> &locs =
      stmtIdx < dimLocs_.size() ? dimLocs_[stmtIdx] : kNone;
  for (size_t i = 0; i < d.type.shape.size(); ++i) {
    const Dim &dim = d.type.shape[i];
    if (!dim.isLiteral())
      lookupDim(dim.name, i < locs.size() ? locs[i] : d.loc);
  }
}

void ModelChecker::check() {
  m_.dims.clear();
  m_.inputs.clear();
  m_.params.clear();
  collectDefs();
  std::unordered_map<std::string, Loc> outputNames;
  for (size_t i = 0; i < m_.stmts.size(); ++i) {
    Stmt &s = m_.stmts[i];
    switch (s.kind) {
    case Stmt::Kind::Dims:
      for (size_t j = 0; j < s.dims.size(); ++j) {
        Symbol sym;
        sym.kind = SymKind::Dim;
        define(s.dims[j], s.dimLocs[j], sym);
        m_.dims.push_back(s.dims[j]);
      }
      break;
    case Stmt::Kind::Input:
    case Stmt::Kind::Param: {
      checkDeclType(s.decl, i);
      Symbol sym;
      bool input = s.kind == Stmt::Kind::Input;
      sym.kind = input ? SymKind::Input : SymKind::Param;
      sym.type = s.decl.type;
      define(s.decl.name, s.decl.loc, sym);
      (input ? m_.inputs : m_.params).push_back(&s.decl);
      break;
    }
    case Stmt::Kind::Let: {
      Ty t = check(*s.value);
      Symbol sym;
      sym.kind = SymKind::Let;
      sym.type = {t.dtype, t.shape};
      define(s.letName, s.letNameLoc, sym);
      break;
    }
    case Stmt::Kind::Scan:
      checkScan(s, i);
      break;
    case Stmt::Kind::Output:
      for (OutputItem &o : s.outputs) {
        auto prev = outputNames.find(o.name);
        if (prev != outputNames.end())
          throw SourceError(o.loc, q(o.name) + " is output twice (first at " +
                                       locStr(prev->second) + ")");
        outputNames.emplace(o.name, o.loc);
        TensorType type;
        if (o.value) {
          Ty t = check(*o.value);
          type = {t.dtype, t.shape};
          Symbol sym;
          sym.kind = SymKind::Let;
          sym.type = type;
          define(o.name, o.loc, sym);
        } else {
          auto it = syms_.find(o.name);
          if (it == syms_.end())
            undefined(o.name, o.loc, "name");
          if (it->second.kind == SymKind::Dim)
            throw SourceError(o.loc, q(o.name) + " is a dim, not a tensor");
          type = it->second.type;
        }
        if (type.dtype == DType::Weak)
          type.dtype = DType::F32;
        o.type = type;
      }
      break;
    }
  }
  if (outputNames.empty())
    throw SourceError(m_.loc, "model " + q(m_.name) +
                                  " has no output (add 'output NAME')");
}

// ---- scan blocks ----------------------------------------------------------

bool ModelChecker::joinState(size_t idx, const Ty &t, Loc loc) {
  if (!t.known)
    return false;
  Ty &cur = sc_->stateTy[idx];
  const std::string prefix =
      "state " + q(sc_->scan->states[idx].name) + ": ";
  Ty next;
  if (!cur.known) {
    next = t;
    next.partial = false;
  } else {
    next.dtype = joinDType(cur.dtype, t.dtype, loc, prefix);
    next.shape = broadcastOrThrow(cur.shape, t.shape, loc, prefix);
  }
  if (next == cur)
    return false;
  if (next.shape.size() + 1 > kMaxRank)
    throw SourceError(sc_->scan->states[idx].loc,
                      "state " + q(sc_->scan->states[idx].name) +
                          " would have more than " + std::to_string(kMaxRank) +
                          " dims");
  cur = std::move(next);
  return true;
}

void ModelChecker::checkScan(Stmt &stmt, size_t stmtIdx) {
  Scan &s = *stmt.scan;
  // The header.
  {
    auto it = syms_.find(s.index);
    if (it != syms_.end())
      throw SourceError(s.indexLoc, "scan index " + q(s.index) +
                                        " is already defined (at " +
                                        locStr(it->second.loc) + ")");
  }
  lookupDim(s.dim, s.dimLoc);
  if (!declDims_.count(s.dim))
    throw SourceError(s.dimLoc, "dim " + q(s.dim) +
                                    " is not a dim of any input or param, so "
                                    "its size is unknown");

  ScanCtx ctx;
  ctx.scan = &s;
  ctx.stmtIdx = static_cast<int64_t>(stmtIdx);
  s.states.clear();
  // Collect the states and lets, and check their names.
  std::unordered_map<std::string, Loc> local;
  for (size_t j = 0; j < s.body.size(); ++j) {
    ScanStmt &st = s.body[j];
    if (st.kind == ScanStmt::Kind::Init)
      continue;
    if (st.name == s.index)
      throw SourceError(st.nameLoc, q(st.name) +
                                        " is the index of this scan block");
    auto outer = syms_.find(st.name);
    if (outer != syms_.end())
      throw SourceError(st.nameLoc, q(st.name) + " is defined twice (first at " +
                                        locStr(outer->second.loc) + ")");
    auto prev = local.find(st.name);
    if (prev != local.end())
      throw SourceError(st.nameLoc, q(st.name) + " is defined twice (first at " +
                                        locStr(prev->second) + ")");
    local.emplace(st.name, st.nameLoc);
    if (st.kind == ScanStmt::Kind::State) {
      ctx.stateIdx.emplace(st.name, s.states.size());
      StateInfo info;
      info.name = st.name;
      info.loc = st.loc;
      info.defStmt = static_cast<int64_t>(j);
      s.states.push_back(std::move(info));
    } else {
      ctx.letIdx.emplace(st.name, j);
    }
  }
  if (s.states.empty())
    throw SourceError(s.loc, "scan block has no state (define one with '" +
                                 std::string("h[") + s.index + "] = ...')");
  // Inits: of a state of this block, at most one per lag.
  std::map<std::pair<size_t, int64_t>, Loc> inits;
  for (ScanStmt &st : s.body) {
    if (st.kind != ScanStmt::Kind::Init)
      continue;
    auto it = ctx.stateIdx.find(st.name);
    if (it == ctx.stateIdx.end())
      throw SourceError(st.nameLoc, q(st.name) +
                                        " is not a state of this scan block");
    // A window `init h[-k:]` gives lags 1..k.
    for (int64_t lag = st.window ? 1 : st.lag; lag <= st.lag; ++lag) {
      auto key = std::make_pair(it->second, lag);
      auto prev = inits.find(key);
      if (prev != inits.end())
        throw SourceError(st.loc, "init " + st.name + "[-" +
                                      std::to_string(lag) +
                                      "] is given twice (first at " +
                                      locStr(prev->second) + ")");
      inits.emplace(key, st.loc);
    }
  }

  ctx.stateTy.assign(s.states.size(), Ty::unknown());
  ctx.stateReaders.assign(s.states.size(), {});
  sc_ = &ctx;
  findWindowRef(s);

  // The statements still to (re)check, in body order.
  std::set<size_t> work;
  auto pushReaders = [&](const std::vector<size_t> &readers) {
    work.insert(readers.begin(), readers.end());
  };
  size_t lastChanged = 0;
  // Checks body statement `j`; queues the readers of what changed.
  auto checkStmt = [&](size_t j) -> bool {
    ScanStmt &st = s.body[j];
    ctx.cur = j;
    switch (st.kind) {
    case ScanStmt::Kind::Let: {
      Ty t = check(*st.value);
      auto it = ctx.letTy.find(st.name);
      if (it != ctx.letTy.end() && it->second == t)
        return false;
      ctx.letTy[st.name] = std::move(t);
      pushReaders(ctx.letReaders[st.name]);
      return false;
    }
    case ScanStmt::Kind::State: {
      size_t idx = ctx.stateIdx.at(st.name);
      Ty t = check(*st.value);
      if (!joinState(idx, t, st.nameLoc))
        return false;
      pushReaders(ctx.stateReaders[idx]);
      lastChanged = idx;
      return true;
    }
    case ScanStmt::Kind::Init: {
      size_t idx = ctx.stateIdx.at(st.name);
      ctx.init = &st;
      Ty t = check(*st.value);
      ctx.init = nullptr;
      if (t.exact() && countDim(t.shape, s.dim))
        throw SourceError(st.value->loc,
                          "the init value of " + q(st.name) +
                              " must not vary over " + s.dim +
                              ": its shape is " + shapeStr(t.shape));
      if (st.window && t.exact())
        t.shape.erase(t.shape.begin() + windowAxis(st, t));
      if (!joinState(idx, t, st.nameLoc))
        return false;
      pushReaders(ctx.stateReaders[idx]);
      lastChanged = idx;
      return true;
    }
    }
    return false;
  };
  // A pass over the whole body, in order. The first one records which
  // statements read which states and lets; the last one, which changes
  // nothing, leaves the final types in the tree.
  auto fullPass = [&](bool record) {
    ctx.recording = record;
    ctx.order.assign(s.states.size(), 0);
    ctx.haveRef = false;
    bool changed = false;
    for (size_t j = 0; j < s.body.size(); ++j)
      changed |= checkStmt(j);
    ctx.recording = false;
    return changed;
  };

  fullPass(true);
  // A state that changed during the first pass may have been read before.
  for (size_t k = 0; k < s.states.size(); ++k)
    if (ctx.stateTy[k].known)
      pushReaders(ctx.stateReaders[k]);
  // Inits must be read.
  for (ScanStmt &st : s.body) {
    if (st.kind != ScanStmt::Kind::Init)
      continue;
    size_t idx = ctx.stateIdx.at(st.name);
    int64_t order = ctx.order[idx];
    if (st.lag <= order)
      continue;
    auto lagLoc = info_.initLagLocs.find(st.value.get());
    Loc loc = lagLoc != info_.initLagLocs.end() ? lagLoc->second : st.loc;
    std::string head = "init " + st.name + "[-" + std::to_string(st.lag) +
                       (st.window ? ":" : "") + "] is never read: ";
    if (order == 0)
      throw SourceError(loc, head + st.name + " never reads a previous step");
    throw SourceError(loc, head + st.name + " reads at most " + st.name + "[" +
                               s.index + (s.reverse ? "+" : "-") +
                               std::to_string(order) + "]");
  }
  // Every change makes a state's rank grow, a size-1 dim concrete or its
  // dtype wider, so the number of re-checks is bounded; the cap only guards
  // against mistakes.
  const size_t maxChecks = (s.body.size() + 1) *
                           (16 + s.states.size() * (2 * kMaxRank + 8));
  size_t checks = 0;
  while (true) {
    while (!work.empty()) {
      if (++checks > maxChecks)
        throw SourceError(s.states[lastChanged].loc,
                          "the shape of state " +
                              q(s.states[lastChanged].name) +
                              " does not settle");
      size_t j = *work.begin();
      work.erase(work.begin());
      checkStmt(j);
    }
    // Settled: resolve what no value determined, then go on until nothing
    // changes.
    bool resolved = false;
    for (size_t k = 0; k < s.states.size(); ++k)
      if (!ctx.stateTy[k].known) {
        ctx.stateTy[k] = Ty{true, false, DType::Weak, {}};
        pushReaders(ctx.stateReaders[k]);
        resolved = true;
      }
    if (!resolved)
      for (size_t k = 0; k < s.states.size(); ++k)
        if (ctx.stateTy[k].dtype == DType::Weak) {
          ctx.stateTy[k].dtype = DType::F32;
          pushReaders(ctx.stateReaders[k]);
          resolved = true;
        }
    if (resolved)
      continue;
    if (!fullPass(false))
      break;
  }
  sc_ = nullptr;

  // Where the scan dim goes: at the position, counted from the end, that it
  // has in the time-indexed tensors; first when there are none.
  for (size_t k = 0; k < s.states.size(); ++k) {
    StateInfo &info = s.states[k];
    const Ty &t = ctx.stateTy[k];
    info.order = ctx.order[k];
    info.dtype = t.dtype;
    info.sliceShape = t.shape;
    int64_t rank = static_cast<int64_t>(t.shape.size());
    if (ctx.haveRef && rank < ctx.refFromEnd)
      throw SourceError(info.loc,
                        "state '" + info.name + "' has one step of shape " +
                            shapeStr(t.shape) + ", fewer dims than follow '" +
                            s.dim + "' in the tensors its block reads at [" +
                            s.index + "] (" + std::to_string(ctx.refFromEnd) +
                            "); one block runs as one recurrence, so its states "
                            "need those trailing dims too");
    int64_t pos = ctx.haveRef ? rank - ctx.refFromEnd : 0;
    info.timeAxis = pos;
    info.shape = t.shape;
    Dim tdim;
    tdim.name = s.dim;
    info.shape.insert(info.shape.begin() + pos, tdim);
    info.inits.assign(static_cast<size_t>(info.order), nullptr);
    info.initIndex.assign(static_cast<size_t>(info.order), -1);
    info.initAxis.assign(static_cast<size_t>(info.order), -1);
    info.timeRuleName = ctx.haveRef ? ctx.refName : "";
    info.timeRuleShape = ctx.haveRef ? ctx.refShape : Shape{};
  }
  // One block runs as one recurrence over T: every state needs the scan dim
  // at the same position counted from the end (as the tensors it reads).
  for (size_t k = 1; k < s.states.size(); ++k) {
    const StateInfo &first = s.states[0], &info = s.states[k];
    int64_t fromEnd0 = static_cast<int64_t>(first.shape.size()) - first.timeAxis;
    int64_t fromEnd = static_cast<int64_t>(info.shape.size()) - info.timeAxis;
    if (fromEnd != fromEnd0)
      throw SourceError(info.loc,
                        "state '" + info.name + "' " + shapeStr(info.shape) +
                            " has '" + s.dim +
                            "' at a different position, counted from the end, "
                            "than state '" + first.name + "' " +
                            shapeStr(first.shape) +
                            "; give the states of one scan block the same "
                            "trailing dims");
  }
  for (ScanStmt &st : s.body)
    if (st.kind == ScanStmt::Kind::Init) {
      StateInfo &info = s.states[ctx.stateIdx.at(st.name)];
      if (!st.window) {
        info.inits[static_cast<size_t>(st.lag - 1)] = st.value.get();
        continue;
      }
      // Element j of the lag dim is h[-(k - j)]: time order, oldest first.
      sc_ = &ctx;
      int64_t axis = windowAxis(st, Ty::of(st.value->type));
      sc_ = nullptr;
      for (int64_t lag = 1; lag <= st.lag; ++lag) {
        size_t i = static_cast<size_t>(lag - 1);
        info.inits[i] = st.value.get();
        info.initIndex[i] = st.lag - lag;
        info.initAxis[i] = axis;
      }
    }
  // After the block, each state is a tensor over all steps.
  for (StateInfo &info : s.states) {
    Symbol sym;
    sym.kind = SymKind::State;
    sym.type = {info.dtype, info.shape};
    sym.scanStmt = static_cast<int64_t>(stmtIdx);
    sym.state = &info;
    define(info.name, info.loc, sym);
  }
}

} // namespace sema

void checkFile(ast::File &file, const ParseInfo &info,
               const std::string &onlyModel) {
  using namespace ast;
  using sema::q;
  std::unordered_map<std::string, Loc> models;
  for (const Model &m : file.models) {
    auto prev = models.find(m.name);
    if (prev != models.end())
      throw SourceError(m.loc, "model " + q(m.name) +
                                   " is defined twice (first at " +
                                   locStr(prev->second) + ")");
    models.emplace(m.name, m.loc);
  }
  std::vector<Model> kept;
  for (size_t i = 0; i < file.models.size(); ++i) {
    Model &m = file.models[i];
    if (!onlyModel.empty() && m.name != onlyModel)
      continue;
    static const std::vector<std::vector<Loc>> kNone;
    const auto &dimLocs =
        i < info.typeDimLocs.size() ? info.typeDimLocs[i] : kNone;
    sema::ModelChecker(m, dimLocs, info).check();
    kept.push_back(std::move(m));
  }
  file.models = std::move(kept);
}

} // namespace sluice::frontend
