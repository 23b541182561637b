//===- AST.cpp - Helpers of the syntax tree -------------------------------===//

#include "frontend/AST.h"

namespace sluice::ast {

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::Weak:
    return "weak";
  }
  return "?";
}

const char *cmpOpSpelling(CmpOp op) {
  switch (op) {
  case CmpOp::Lt:
    return "<";
  case CmpOp::Le:
    return "<=";
  case CmpOp::Gt:
    return ">";
  case CmpOp::Ge:
    return ">=";
  case CmpOp::Eq:
    return "==";
  case CmpOp::Ne:
    return "!=";
  }
  return "?";
}

std::string Dim::str() const {
  return isLiteral() ? std::to_string(size) : name;
}

std::string shapeStr(const Shape &s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      out += ", ";
    out += s[i].str();
  }
  out += ']';
  return out;
}

Expr::~Expr() {
  std::vector<ExprPtr> pending;
  for (ExprPtr &op : operands)
    pending.push_back(std::move(op));
  while (!pending.empty()) {
    ExprPtr e = std::move(pending.back());
    pending.pop_back();
    for (ExprPtr &op : e->operands)
      pending.push_back(std::move(op));
    e->operands.clear();
  } // `e` dies here with no children
}

std::vector<const Expr *> leftSpine(const Expr &e) {
  std::vector<const Expr *> spine;
  for (const Expr *node = &e; node->kind == ExprKind::Binary;
       node = node->operands[0].get())
    spine.push_back(node);
  return spine;
}

std::vector<Expr *> leftSpine(Expr &e) {
  std::vector<Expr *> spine;
  for (Expr *node = &e; node->kind == ExprKind::Binary;
       node = node->operands[0].get())
    spine.push_back(node);
  return spine;
}

std::string locStr(Loc l) {
  return std::to_string(l.line) + ":" + std::to_string(l.col);
}

} // namespace sluice::ast
