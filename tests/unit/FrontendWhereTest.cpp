//===- FrontendWhereTest.cpp - Sema of comparisons and where -------------===//
//
// The types and shapes Sema gives where(cond, a, b) and its comparison, the
// parse tree of the precedence rules, and states defined through where.
//
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"

#include <gtest/gtest.h>

#include <string>

using namespace sluice;
using namespace sluice::ast;

namespace {

File parse(const std::string &src) {
  return frontend::parseAndCheck(src, "where.sl");
}

const OutputItem &output(const File &f, const std::string &name) {
  for (const Stmt &s : f.models.at(0).stmts)
    if (s.kind == Stmt::Kind::Output)
      for (const OutputItem &o : s.outputs)
        if (o.name == name)
          return o;
  throw std::runtime_error("no output " + name);
}

const char *kModel = R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input w : f32[D]
  input z : f64[T, 1]
  input h : f16[B, T, D]
  output a = where(w > 0.0, x, 0.0),
         b = where(z > 0.0, x, 1.0),
         c = where(z < 0.5, 1.0, 2.0),
         d = where(h > 0.0, h, 0.0),
         e = where(x + 1.0 >= 2.0 * x, 1.0, 0.0)
}
)";

TEST(FrontendWhere, TypesAndShapes) {
  File f = parse(kModel);
  // [D] condition, [B, T, D] branch, scalar branch: [B, T, D], f32.
  EXPECT_EQ(shapeStr(output(f, "a").type.shape), "[B, T, D]");
  EXPECT_EQ(output(f, "a").type.dtype, DType::F32);
  // An f64 comparison selects f32 values: f32; the [T, 1] condition
  // broadcasts with [B, T, D].
  EXPECT_EQ(output(f, "b").type.dtype, DType::F32);
  EXPECT_EQ(shapeStr(output(f, "b").type.shape), "[B, T, D]");
  // Literal branches take the compared type.
  EXPECT_EQ(output(f, "c").type.dtype, DType::F64);
  EXPECT_EQ(shapeStr(output(f, "c").type.shape), "[T, 1]");
  // A 16-bit where stays 16-bit (rounded once at the output).
  EXPECT_EQ(output(f, "d").type.dtype, DType::F16);
}

TEST(FrontendWhere, ComparisonBindsLooserThanArithmetic) {
  File f = parse(kModel);
  const Expr &where = *output(f, "e").value;
  ASSERT_EQ(where.builtin, Builtin::Where);
  const Expr &cond = *where.operands[0];
  ASSERT_EQ(cond.kind, ExprKind::Compare);
  EXPECT_EQ(cond.cmp, CmpOp::Ge);
  ASSERT_EQ(cond.operands[0]->kind, ExprKind::Binary);
  EXPECT_EQ(cond.operands[0]->op, BinOp::Add);
  ASSERT_EQ(cond.operands[1]->kind, ExprKind::Binary);
  EXPECT_EQ(cond.operands[1]->op, BinOp::Mul);
}

TEST(FrontendWhere, StateThroughWhere) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input r : f32[B, T, 1]
  scan t over T {
    h[t] = where(r[t] > 0.5, 0.0, h[t-1] + x[t])
  }
  output h
}
)");
  const Scan &scan = *f.models[0].stmts[3].scan;
  ASSERT_EQ(scan.states.size(), 1u);
  EXPECT_EQ(shapeStr(scan.states[0].shape), "[B, T, D]");
  EXPECT_EQ(scan.states[0].order, 1);
}

TEST(FrontendWhere, EveryOperatorLexes) {
  for (const char *op : {"<", "<=", ">", ">=", "==", "!="}) {
    std::string src = std::string(R"(
model m {
  dims T
  input x : f32[T]
  output y = where(x )") + op + R"( 0.5, x, 0.0)
}
)";
    File f = parse(src);
    EXPECT_EQ(cmpOpSpelling(output(f, "y").value->operands[0]->cmp),
              std::string(op));
  }
}

} // namespace
