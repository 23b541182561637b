//===- Parser.cpp - Recursive-descent parser of the model language --------===//

#include "frontend/Parser.h"

#include "frontend/Diagnostics.h"
#include "frontend/Lexer.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace sluice::frontend {

using namespace ast;

namespace {

std::string nestsTooDeeply() {
  return "expression nests too deeply (more than " +
         std::to_string(kMaxExprDepth) + " levels)";
}

bool isDTypeName(const std::string &s, DType &out) {
  if (s == "f16")
    out = DType::F16;
  else if (s == "bf16")
    out = DType::BF16;
  else if (s == "f32")
    out = DType::F32;
  else if (s == "f64")
    out = DType::F64;
  else
    return false;
  return true;
}

class Parser {
public:
  Parser(File &file, ParseInfo &info)
      : file_(file), info_(info), lex_(file.source) {}

  void parseFile();

private:
  /// A parsed expression with the depth its walks recurse to (the tree's
  /// depth, except that a left operand of a binary operator adds no level:
  /// see combine) and whether it is a
  /// (possibly parenthesised) bare name, the only thing that may be indexed.
  struct PExpr {
    ExprPtr e;
    int depth = 1;
    bool isName = false;
  };

  const Token &peek(size_t n = 0) {
    while (la_.size() <= n)
      la_.push_back(lex_.next());
    return la_[n];
  }
  bool at(Tok k, size_t n = 0) { return peek(n).kind == k; }
  Token take() {
    peek();
    Token t = std::move(la_.front());
    la_.pop_front();
    return t;
  }
  void skip() {
    peek();
    la_.pop_front();
  }
  [[noreturn]] SLUICE_NOINLINE void failFound(const std::string &expected) {
    const Token &t = peek();
    throw SourceError(t.loc, "expected " + expected + ", found " + t.describe());
  }
  Token expect(Tok k, const std::string &expected) {
    if (!at(k))
      failFound(expected);
    return take();
  }
  /// An integer literal (digits only) in a size, lag or offset.
  int64_t intValue(const Token &t, const std::string &what) {
    if (!isDigits(t.text))
      throw SourceError(t.loc, what + " must be an integer, found " + t.describe());
    int64_t v = 0;
    if (!parseInt(t.text, v))
      throw SourceError(t.loc, "integer " + t.describe() + " is too large");
    return v;
  }
  [[noreturn]] static SLUICE_NOINLINE void failDepth(Loc loc) {
    throw SourceError(loc, nestsTooDeeply());
  }
  void enterNest(Loc loc) {
    if (++nest_ > kMaxExprDepth)
      failDepth(loc);
  }
  static void checkDepth(int depth, Loc loc) {
    if (depth > kMaxExprDepth)
      failDepth(loc);
  }

  void parseModel();
  void parseStmt(Model &m, Loc openLoc);
  void parseType(TensorType &type, std::vector<Loc> &dimLocs);
  void parseScan(Stmt &stmt);
  void parseScanStmt(Scan &scan);
  void parseOutput(Stmt &stmt);

  PExpr parseExpr();
  PExpr parseAdditive();
  PExpr parseMultiplicative();
  PExpr parseUnary();
  PExpr parsePostfix();
  PExpr parsePrimary();
  PExpr parseCall(Token name);
  SLUICE_NOINLINE void combine(PExpr &lhs, PExpr &rhs, BinOp op, Loc loc);
  /// The comparison operator at the current token, if it is one.
  bool atComparison(CmpOp &op);
  SLUICE_NOINLINE void makeCompare(PExpr &lhs, PExpr &rhs, CmpOp op, Loc loc);
  [[noreturn]] SLUICE_NOINLINE void failChainedComparison(CmpOp first,
                                                         Loc firstLoc);
  SLUICE_NOINLINE void wrapNeg(PExpr &p, const std::vector<Loc> &minus);
  SLUICE_NOINLINE PExpr makeLeaf();
  SLUICE_NOINLINE void parseTimeIndex(PExpr &p);
  SLUICE_NOINLINE void parseKwArg(Expr &call);
  /// A dim list argument `[B, T, 1]` of a call (reshape's target shape).
  SLUICE_NOINLINE void parseDimList(Expr &call);
  /// `dim (',' dim)* ']'` after a '[': a type's shape or a dim list, at most
  /// kMaxRank dims (`owner` and `where` name it in messages).
  void parseDims(std::vector<Dim> &dims, std::vector<Loc> &locs,
                 const char *owner, const char *where);
  [[noreturn]] SLUICE_NOINLINE void failIndexed(bool isName,
                                               const std::string &name);
  [[noreturn]] SLUICE_NOINLINE void failCloseParen(Loc open);
  [[noreturn]] SLUICE_NOINLINE void failPositional(const Expr &call);
  [[noreturn]] SLUICE_NOINLINE void failCallSeparator(const Expr &call);
  ExprPtr expr() { return parseExpr().e; }

  File &file_;
  ParseInfo &info_;
  Lexer lex_;
  std::deque<Token> la_;
  int nest_ = 0;
  /// Inside a scan block: its index name (else empty).
  std::string scanIndex_;
  /// The input/param dim locations of the model being parsed.
  std::vector<std::vector<Loc>> *dimLocs_ = nullptr;
};

void Parser::parseFile() {
  if (at(Tok::End))
    failFound("'model'");
  while (!at(Tok::End))
    parseModel();
}

void Parser::parseModel() {
  Token kw = expect(Tok::KwModel, "'model'");
  Model m;
  m.loc = kw.loc;
  Token name = expect(Tok::Ident, "a model name after 'model'");
  m.name = name.text;
  m.loc = name.loc;
  Token open = expect(Tok::LBrace, "'{' after the model name");
  info_.typeDimLocs.emplace_back();
  dimLocs_ = &info_.typeDimLocs.back();
  while (!at(Tok::RBrace)) {
    if (at(Tok::End))
      failFound("'}' to close model '" + m.name + "' (opened at " +
                locStr(open.loc) + ")");
    parseStmt(m, open.loc);
  }
  take();
  file_.models.push_back(std::move(m));
}

void Parser::parseType(TensorType &type, std::vector<Loc> &dimLocs) {
  const Token &dt = peek();
  if (dt.kind != Tok::Ident)
    failFound("a dtype (f16, bf16, f32 or f64)");
  if (!isDTypeName(dt.text, type.dtype))
    throw SourceError(dt.loc, "unknown dtype " + dt.describe() +
                                  " (expected f16, bf16, f32 or f64)");
  take();
  if (!at(Tok::LBracket))
    return; // a scalar
  take();
  parseDims(type.shape, dimLocs, "a tensor", "the shape");
}

void Parser::parseStmt(Model &m, Loc openLoc) {
  Stmt stmt;
  const Token &first = peek();
  stmt.loc = first.loc;
  std::vector<Loc> typeDims;
  switch (first.kind) {
  case Tok::KwDims: {
    stmt.kind = Stmt::Kind::Dims;
    take();
    Token d = expect(Tok::Ident, "a dim name after 'dims'");
    stmt.dims.push_back(d.text);
    stmt.dimLocs.push_back(d.loc);
    while (at(Tok::Comma)) {
      take();
      Token d2 = expect(Tok::Ident, "a dim name after ','");
      stmt.dims.push_back(d2.text);
      stmt.dimLocs.push_back(d2.loc);
    }
    break;
  }
  case Tok::KwInput:
  case Tok::KwParam: {
    bool isInput = first.kind == Tok::KwInput;
    stmt.kind = isInput ? Stmt::Kind::Input : Stmt::Kind::Param;
    take();
    Token name = expect(Tok::Ident, std::string("a name after '") +
                                        (isInput ? "input" : "param") + "'");
    stmt.decl.name = name.text;
    stmt.decl.loc = name.loc;
    expect(Tok::Colon, "':' after '" + name.text + "'");
    parseType(stmt.decl.type, typeDims);
    break;
  }
  case Tok::KwLet: {
    stmt.kind = Stmt::Kind::Let;
    take();
    Token name = expect(Tok::Ident, "a name after 'let'");
    stmt.letName = name.text;
    stmt.letNameLoc = name.loc;
    expect(Tok::Equal, "'=' after 'let " + name.text + "'");
    stmt.value = expr();
    break;
  }
  case Tok::KwScan:
    stmt.kind = Stmt::Kind::Scan;
    parseScan(stmt);
    break;
  case Tok::KwOutput:
    stmt.kind = Stmt::Kind::Output;
    parseOutput(stmt);
    break;
  case Tok::KwInit:
    throw SourceError(first.loc, "'init' is only allowed inside a scan block");
  case Tok::KwModel:
    failFound("'}' to close model '" + m.name + "' (opened at " +
              locStr(openLoc) + ")");
  case Tok::Ident:
    if (at(Tok::LBracket, 1))
      throw SourceError(first.loc, "a state definition '" + first.text +
                                       "[...] = ...' is only allowed inside a "
                                       "scan block");
    [[fallthrough]];
  default:
    failFound("a statement (dims, input, param, let, scan or output)");
  }
  m.stmts.push_back(std::move(stmt));
  dimLocs_->push_back(std::move(typeDims));
}

void Parser::parseScan(Stmt &stmt) {
  take(); // 'scan'
  auto scan = std::make_unique<Scan>();
  scan->loc = stmt.loc;
  Token idx = expect(Tok::Ident, "an index name after 'scan'");
  scan->index = idx.text;
  scan->indexLoc = idx.loc;
  expect(Tok::KwOver, "'over' after the scan index '" + idx.text + "'");
  Token dim = expect(Tok::Ident, "a dim name after 'over'");
  scan->dim = dim.text;
  scan->dimLoc = dim.loc;
  if (at(Tok::KwReverse)) {
    take();
    scan->reverse = true;
  }
  Token open = expect(Tok::LBrace, "'{' to open the scan block");
  scanIndex_ = scan->index;
  while (!at(Tok::RBrace)) {
    if (at(Tok::End))
      failFound("'}' to close the scan block (opened at " + locStr(open.loc) +
                ")");
    parseScanStmt(*scan);
  }
  take();
  scanIndex_.clear();
  stmt.scan = std::move(scan);
}

void Parser::parseScanStmt(Scan &scan) {
  ScanStmt st;
  const Token &first = peek();
  st.loc = first.loc;
  switch (first.kind) {
  case Tok::KwLet: {
    st.kind = ScanStmt::Kind::Let;
    take();
    Token name = expect(Tok::Ident, "a name after 'let'");
    st.name = name.text;
    st.nameLoc = name.loc;
    expect(Tok::Equal, "'=' after 'let " + name.text + "'");
    st.value = expr();
    break;
  }
  case Tok::KwInit: {
    st.kind = ScanStmt::Kind::Init;
    take();
    Token name = expect(Tok::Ident, "a state name after 'init'");
    st.name = name.text;
    st.nameLoc = name.loc;
    expect(Tok::LBracket, "'[' after 'init " + name.text + "'");
    expect(Tok::Minus, "'-' in 'init " + name.text +
                           "[-k]' (an init gives a value k steps before the "
                           "first step)");
    if (!at(Tok::Number))
      failFound("a number of steps in 'init " + name.text + "[-k]'");
    Token k = take();
    st.lag = intValue(k, "a number of steps");
    if (st.lag < 1)
      throw SourceError(k.loc, "init " + name.text +
                                   "[-0] is not before the first step: k must "
                                   "be at least 1");
    std::string spelled = "-" + k.text;
    if (at(Tok::Colon)) {
      take(); // `init h[-k:] = v`: the k values before the first step
      st.window = true;
      spelled += ":";
    }
    expect(Tok::RBracket, "']' or ':' after 'init " + name.text + "[-" +
                              k.text + "'");
    expect(Tok::Equal, "'=' after 'init " + name.text + "[" + spelled + "]'");
    st.value = expr();
    info_.initLagLocs[st.value.get()] = k.loc;
    break;
  }
  case Tok::Ident: {
    st.kind = ScanStmt::Kind::State;
    Token name = take();
    st.name = name.text;
    st.nameLoc = name.loc;
    if (!at(Tok::LBracket))
      failFound("'[" + scan.index + "]' after '" + name.text +
                "' to define a state ('" + name.text + "[" + scan.index +
                "] = ...'; per-step temporaries are written 'let " +
                name.text + " = ...')");
    take();
    if (!at(Tok::Ident))
      failFound("the scan index '" + scan.index + "' in '" + name.text + "[" +
                scan.index + "]'");
    Token idx = take();
    if (idx.text != scan.index)
      throw SourceError(idx.loc, "expected the scan index '" + scan.index +
                                     "', found " + idx.describe());
    st.indexName = idx.text;
    if (at(Tok::Plus) || at(Tok::Minus))
      throw SourceError(peek().loc,
                        "a state is defined at the current step: write '" +
                            name.text + "[" + scan.index + "] = ...'");
    expect(Tok::RBracket, "']' after '" + name.text + "[" + scan.index + "'");
    expect(Tok::Equal,
           "'=' after '" + name.text + "[" + scan.index + "]'");
    st.value = expr();
    break;
  }
  case Tok::End:
    failFound("'}' to close the scan block");
  case Tok::KwDims:
  case Tok::KwInput:
  case Tok::KwParam:
  case Tok::KwScan:
  case Tok::KwOutput:
  case Tok::KwModel:
    throw SourceError(first.loc,
                      first.describe() + " is not allowed inside a scan block");
  default:
    failFound("a scan block statement (let, init or '" + std::string("h[") +
              scan.index + "] = ...')");
  }
  scan.body.push_back(std::move(st));
}

void Parser::parseOutput(Stmt &stmt) {
  take(); // 'output'
  std::string after = "'output'";
  while (true) {
    OutputItem item;
    Token name = expect(Tok::Ident, "an output name after " + after);
    item.name = name.text;
    item.loc = name.loc;
    if (at(Tok::Equal)) {
      take();
      item.value = expr();
    }
    stmt.outputs.push_back(std::move(item));
    if (!at(Tok::Comma))
      return;
    take();
    after = "','";
  }
}

Parser::PExpr Parser::parseExpr() {
  // comparison := additive (CMP additive)?, non-associative: comparisons
  // bind looser than every arithmetic operator and do not chain.
  PExpr lhs = parseAdditive();
  CmpOp op;
  if (!atComparison(op))
    return lhs;
  Loc loc = peek().loc;
  skip();
  PExpr rhs = parseAdditive();
  makeCompare(lhs, rhs, op, loc);
  CmpOp second;
  if (atComparison(second))
    failChainedComparison(op, loc);
  return lhs;
}

bool Parser::atComparison(CmpOp &op) {
  switch (peek().kind) {
  case Tok::Less:
    op = CmpOp::Lt;
    return true;
  case Tok::LessEqual:
    op = CmpOp::Le;
    return true;
  case Tok::Greater:
    op = CmpOp::Gt;
    return true;
  case Tok::GreaterEqual:
    op = CmpOp::Ge;
    return true;
  case Tok::EqualEqual:
    op = CmpOp::Eq;
    return true;
  case Tok::NotEqual:
    op = CmpOp::Ne;
    return true;
  default:
    return false;
  }
}

void Parser::makeCompare(PExpr &lhs, PExpr &rhs, CmpOp op, Loc loc) {
  // Not on a left spine (only Binary nodes are): both operands add a level.
  int depth = 1 + std::max(lhs.depth, rhs.depth);
  checkDepth(depth, loc);
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Compare;
  e->cmp = op;
  e->loc = loc;
  e->operands.push_back(std::move(lhs.e));
  e->operands.push_back(std::move(rhs.e));
  lhs = PExpr{std::move(e), depth, false};
}

void Parser::failChainedComparison(CmpOp first, Loc firstLoc) {
  throw SourceError(peek().loc,
                    "comparisons do not chain: " + peek().describe() +
                        " follows the '" + cmpOpSpelling(first) + "' at " +
                        locStr(firstLoc) +
                        "; compare two values at a time, e.g. with nested "
                        "where(...)");
}

Parser::PExpr Parser::parseAdditive() {
  PExpr lhs = parseMultiplicative();
  while (at(Tok::Plus) || at(Tok::Minus)) {
    BinOp op = at(Tok::Plus) ? BinOp::Add : BinOp::Sub;
    Loc loc = peek().loc;
    skip();
    PExpr rhs = parseMultiplicative();
    combine(lhs, rhs, op, loc);
  }
  return lhs;
}

Parser::PExpr Parser::parseMultiplicative() {
  PExpr lhs = parseUnary();
  while (at(Tok::Star) || at(Tok::Slash) || at(Tok::At)) {
    BinOp op = at(Tok::Star)    ? BinOp::Mul
               : at(Tok::Slash) ? BinOp::Div
                                : BinOp::MatMul;
    Loc loc = peek().loc;
    skip();
    PExpr rhs = parseUnary();
    combine(lhs, rhs, op, loc);
  }
  return lhs;
}

void Parser::combine(PExpr &lhs, PExpr &rhs, BinOp op, Loc loc) {
  // Walks follow a chain's left spine with a loop (ast::leftSpine), so only
  // the right operand adds a level: `a + b + ... + z` is 2 levels deep at
  // any length.
  int depth = std::max(lhs.depth, 1 + rhs.depth);
  checkDepth(depth, loc);
  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Binary;
  e->op = op;
  e->loc = loc;
  e->operands.push_back(std::move(lhs.e));
  e->operands.push_back(std::move(rhs.e));
  lhs = PExpr{std::move(e), depth, false};
}

Parser::PExpr Parser::parseUnary() {
  // Iterative, so that long chains of '-' do not recurse.
  if (!at(Tok::Minus))
    return parsePostfix();
  std::vector<Loc> minus;
  while (at(Tok::Minus)) {
    enterNest(peek().loc);
    minus.push_back(peek().loc);
    skip();
  }
  PExpr p = parsePostfix();
  wrapNeg(p, minus);
  return p;
}

void Parser::wrapNeg(PExpr &p, const std::vector<Loc> &minus) {
  for (size_t i = minus.size(); i-- > 0;) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::Neg;
    e->loc = minus[i];
    int depth = p.depth + 1;
    checkDepth(depth, minus[i]);
    e->operands.push_back(std::move(p.e));
    p = PExpr{std::move(e), depth, false};
  }
  nest_ -= static_cast<int>(minus.size());
}

Parser::PExpr Parser::parsePostfix() {
  PExpr p = parsePrimary();
  if (at(Tok::LBracket))
    parseTimeIndex(p);
  return p;
}

void Parser::failIndexed(bool isName, const std::string &name) {
  Loc loc = peek().loc;
  if (!isName)
    throw SourceError(loc, "only a name can be indexed with '[...]'");
  throw SourceError(loc, "'" + name +
                             "[...]' reads one step of a scan: time indexing "
                             "is only allowed inside a scan block");
}

void Parser::parseTimeIndex(PExpr &p) {
  if (!p.isName || scanIndex_.empty())
    failIndexed(p.isName, p.isName ? p.e->name : std::string());
  take(); // '['
  if (!at(Tok::Ident))
    failFound("the scan index '" + scanIndex_ + "' inside '[ ]'");
  Token idx = take();
  if (idx.text != scanIndex_)
    throw SourceError(idx.loc, "expected the scan index '" + scanIndex_ +
                                   "', found " + idx.describe());
  p.e->kind = ExprKind::TimeIndex;
  p.e->indexName = idx.text;
  if (at(Tok::Plus) || at(Tok::Minus)) {
    Token sign = take();
    if (!at(Tok::Number))
      failFound("a number of steps after " + sign.describe());
    Token k = take();
    int64_t v = intValue(k, "a step offset");
    p.e->offset = sign.kind == Tok::Minus ? -v : v;
    info_.offsetLocs[p.e.get()] = sign.loc;
  }
  expect(Tok::RBracket, "']' after the time index");
  if (at(Tok::LBracket))
    failIndexed(false, "");
  p.isName = false;
}

Parser::PExpr Parser::makeLeaf() {
  Token t = take();
  auto e = std::make_unique<Expr>();
  e->loc = t.loc;
  if (t.kind == Tok::Number || t.kind == Tok::KwInf) {
    e->kind = ExprKind::Number;
    e->number = t.kind == Tok::KwInf ? std::numeric_limits<double>::infinity()
                                     : t.number;
    e->spelling = std::move(t.text);
    return PExpr{std::move(e), 1, false};
  }
  e->kind = ExprKind::Name;
  e->name = std::move(t.text);
  return PExpr{std::move(e), 1, true};
}

Parser::PExpr Parser::parsePrimary() {
  switch (peek().kind) {
  case Tok::Number:
  case Tok::KwInf:
    return makeLeaf();
  case Tok::Ident:
    if (at(Tok::LParen, 1))
      return parseCall(take());
    return makeLeaf();
  case Tok::LParen: {
    Loc open = peek().loc;
    skip();
    enterNest(open);
    PExpr inner = parseExpr();
    if (!at(Tok::RParen))
      failCloseParen(open);
    skip();
    --nest_;
    return inner;
  }
  default:
    failFound("an expression");
  }
}

void Parser::failCloseParen(Loc open) {
  failFound("')' to close the '(' at " + locStr(open));
}

void Parser::failPositional(const Expr &call) {
  throw SourceError(peek().loc, "positional argument after keyword argument '" +
                                    call.kwargs.back().name + "'");
}

void Parser::failCallSeparator(const Expr &call) {
  failFound("',' or ')' after an argument of '" + call.name + "'");
}

void Parser::parseDimList(Expr &call) {
  if (call.hasDimList)
    throw SourceError(peek().loc, "'" + call.name + "' takes one dim list");
  call.hasDimList = true;
  call.dimListLoc = take().loc; // '['
  parseDims(call.dimList, call.dimListLocs, "a dim list", "the dim list");
}

void Parser::parseDims(std::vector<Dim> &dims, std::vector<Loc> &locs,
                       const char *owner, const char *where) {
  while (true) {
    const Token &d = peek();
    if (dims.size() >= kMaxRank)
      throw SourceError(d.loc, std::string(owner) + " may have at most " +
                                   std::to_string(kMaxRank) + " dims");
    Dim dim;
    if (d.kind == Tok::Ident) {
      dim.name = d.text;
    } else if (d.kind == Tok::Number) {
      dim.size = intValue(d, "a dim size");
      if (dim.size < 1)
        throw SourceError(d.loc, "a dim size must be at least 1");
    } else {
      failFound("a dim name or size");
    }
    locs.push_back(d.loc);
    dims.push_back(dim);
    take();
    if (at(Tok::Comma)) {
      take();
      continue;
    }
    if (at(Tok::RBracket)) {
      take();
      return;
    }
    failFound("',' or ']' in " + std::string(where));
  }
}

void Parser::parseKwArg(Expr &call) {
  KwArg kw;
  Token kname = take();
  kw.name = kname.text;
  kw.loc = kname.loc;
  take(); // '='
  if (at(Tok::KwTrue))
    kw.value = true;
  else if (at(Tok::KwFalse))
    kw.value = false;
  else
    failFound("'true' or 'false' for keyword argument '" + kw.name + "'");
  take();
  call.kwargs.push_back(std::move(kw));
}

Parser::PExpr Parser::parseCall(Token name) {
  enterNest(peek().loc);
  skip(); // '('

  auto e = std::make_unique<Expr>();
  e->kind = ExprKind::Call;
  e->loc = name.loc;
  e->name = std::move(name.text);
  int maxDepth = 0;
  if (at(Tok::RParen)) {
    take();
  } else {
    while (true) {
      const Token &a = peek();
      if ((a.kind == Tok::Ident || a.isKeyword()) && at(Tok::Equal, 1)) {
        parseKwArg(*e);
      } else if (a.kind == Tok::LBracket) {
        if (!e->kwargs.empty())
          failPositional(*e);
        parseDimList(*e);
      } else {
        if (!e->kwargs.empty())
          failPositional(*e);
        if (e->hasDimList)
          throw SourceError(peek().loc, "an argument after the dim list of '" +
                                            e->name +
                                            "' (the dim list comes last)");
        PExpr arg = parseExpr();
        maxDepth = std::max(maxDepth, arg.depth);
        e->operands.push_back(std::move(arg.e));
      }
      if (at(Tok::Comma)) {
        take();
        continue;
      }
      if (at(Tok::RParen)) {
        take();
        break;
      }
      failCallSeparator(*e);
    }
  }
  --nest_;
  int depth = maxDepth + 1;
  checkDepth(depth, e->loc);
  return PExpr{std::move(e), depth, false};
}

} // namespace

void parseFile(File &file, ParseInfo &info) {
  Parser p(file, info);
  p.parseFile();
}

} // namespace sluice::frontend
