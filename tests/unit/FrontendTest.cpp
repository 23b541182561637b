//===- FrontendTest.cpp - Sema results and robustness of the frontend -----===//

#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"
#include "frontend/Parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace sluice;
using namespace sluice::ast;

namespace {

File parse(const std::string &src) {
  return frontend::parseAndCheck(src, "test.sl");
}

/// The SourceError of `src` ("" if it is accepted): "LINE:COL: MESSAGE".
std::string errorOf(const std::string &src) {
  try {
    parse(src);
  } catch (const SourceError &e) {
    return std::to_string(e.loc.line) + ":" + std::to_string(e.loc.col) +
           ": " + e.what();
  }
  return "";
}

const StateInfo &state(const File &f, const std::string &name) {
  for (const Model &m : f.models)
    for (const Stmt &s : m.stmts)
      if (s.kind == Stmt::Kind::Scan)
        for (const StateInfo &st : s.scan->states)
          if (st.name == name)
            return st;
  throw std::runtime_error("no state " + name);
}

const OutputItem &output(const File &f, const std::string &name) {
  for (const Model &m : f.models)
    for (const Stmt &s : m.stmts)
      if (s.kind == Stmt::Kind::Output)
        for (const OutputItem &o : s.outputs)
          if (o.name == name)
            return o;
  throw std::runtime_error("no output " + name);
}

const Expr &letValue(const File &f, const std::string &name) {
  for (const Model &m : f.models)
    for (const Stmt &s : m.stmts)
      if (s.kind == Stmt::Kind::Let && s.letName == name)
        return *s.value;
  throw std::runtime_error("no let " + name);
}

const Scan &firstScan(const File &f) {
  for (const Stmt &s : f.models.at(0).stmts)
    if (s.kind == Stmt::Kind::Scan)
      return *s.scan;
  throw std::runtime_error("no scan");
}

std::string str(const TensorType &t) {
  return std::string(dtypeName(t.dtype)) + shapeStr(t.shape);
}

const char *kSelectiveScan = R"(
model selective_scan {
  dims B, T, D, N
  input x  : f32[B, T, D]
  input dt : f32[B, T, D]
  input Bm : f32[B, T, N]
  input C  : f32[B, T, N]
  param A  : f32[D, N]
  let dA  = exp(expand_dims(dt, -1) * A)
  let dBx = expand_dims(dt * x, -1) * expand_dims(Bm, 2)
  scan t over T { h[t] = dA[t] * h[t-1] + dBx[t] }
  output y = sum(expand_dims(C, 2) * h, N)
}
)";

const char *kLinossIm = R"(
model linoss_im {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T { y[t] = S * (2.0 * y[t-1] - y[t-2] + dt * dt * bu[t]) }
  output y
}
)";

const char *kLinoss2 = R"(
model linoss_im_2state {
  dims B, T, P
  input bu : f32[B, T, P]
  param Ahat : f32[P]
  param s : f32[P]
  let A  = relu(Ahat)
  let dt = sigmoid(s)
  let S  = 1.0 / (1.0 + dt * dt * A)
  scan t over T {
    z[t] = S * (z[t-1] - dt * A * y[t-1] + dt * bu[t])
    y[t] = y[t-1] + dt * z[t]
  }
  output y
}
)";

// ---- scans -------------------------------------------------------------------

TEST(FrontendSema, SelectiveScanStateShape) {
  File f = parse(kSelectiveScan);
  const StateInfo &h = state(f, "h");
  EXPECT_EQ(shapeStr(h.sliceShape), "[B, D, N]");
  EXPECT_EQ(shapeStr(h.shape), "[B, T, D, N]");
  EXPECT_EQ(h.timeAxis, 1);
  EXPECT_EQ(h.order, 1);
  EXPECT_EQ(h.dtype, DType::F32);
  ASSERT_EQ(h.inits.size(), 1u);
  EXPECT_EQ(h.inits[0], nullptr);
  EXPECT_EQ(h.defStmt, 0);
  EXPECT_EQ(str(output(f, "y").type), "f32[B, T, D]");
  EXPECT_EQ(str(letValue(f, "dA").type), "f32[B, T, D, N]");
  // expand_dims(Bm, 2): [B, T, N] -> [B, T, 1, N], axis 2.
  const Expr &dBx = letValue(f, "dBx");
  const Expr &rhs = *dBx.operands[1];
  EXPECT_EQ(rhs.builtin, Builtin::ExpandDims);
  EXPECT_EQ(rhs.axis, 2);
  EXPECT_EQ(shapeStr(rhs.type.shape), "[B, T, 1, N]");
  // The time-indexed reads.
  const Scan &scan = firstScan(f);
  const Expr &def = *scan.body[0].value; // dA[t] * h[t-1] + dBx[t]
  const Expr &mul = *def.operands[0];
  const Expr &dAt = *mul.operands[0];
  EXPECT_EQ(dAt.kind, ExprKind::TimeIndex);
  EXPECT_EQ(dAt.ref, RefKind::Let);
  EXPECT_EQ(dAt.timeAxis, 1);
  EXPECT_EQ(dAt.offset, 0);
  EXPECT_EQ(shapeStr(dAt.type.shape), "[B, D, N]");
  const Expr &hPrev = *mul.operands[1];
  EXPECT_EQ(hPrev.ref, RefKind::State);
  EXPECT_EQ(hPrev.offset, -1);
  EXPECT_EQ(shapeStr(hPrev.type.shape), "[B, D, N]");
}

TEST(FrontendSema, LinossImOrder) {
  File f = parse(kLinossIm);
  const StateInfo &y = state(f, "y");
  EXPECT_EQ(y.order, 2);
  ASSERT_EQ(y.inits.size(), 2u);
  EXPECT_EQ(y.inits[0], nullptr);
  EXPECT_EQ(y.inits[1], nullptr);
  EXPECT_EQ(shapeStr(y.sliceShape), "[B, P]");
  EXPECT_EQ(shapeStr(y.shape), "[B, T, P]");
  EXPECT_EQ(y.timeAxis, 1);
}

TEST(FrontendSema, Linoss2StateCoupled) {
  File f = parse(kLinoss2);
  const StateInfo &z = state(f, "z");
  const StateInfo &y = state(f, "y");
  EXPECT_EQ(shapeStr(z.sliceShape), "[B, P]");
  EXPECT_EQ(shapeStr(y.sliceShape), "[B, P]");
  EXPECT_EQ(shapeStr(z.shape), "[B, T, P]");
  EXPECT_EQ(shapeStr(y.shape), "[B, T, P]");
  EXPECT_EQ(z.order, 1);
  EXPECT_EQ(y.order, 1);
  EXPECT_EQ(z.defStmt, 0);
  EXPECT_EQ(y.defStmt, 1);
  EXPECT_EQ(firstScan(f).states.size(), 2u);
  EXPECT_EQ(firstScan(f).states[0].name, "z");
  // y[t] = y[t-1] + dt * z[t]: z[t] is the current value of z.
  const Expr &def = *firstScan(f).body[1].value;
  const Expr &zt = *def.operands[1]->operands[1];
  EXPECT_EQ(zt.kind, ExprKind::TimeIndex);
  EXPECT_EQ(zt.ref, RefKind::State);
  EXPECT_EQ(zt.offset, 0);
}

TEST(FrontendSema, SecondOrderInits) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y0 : f32[B, D]
  scan t over T {
    init y[-2] = 1.0
    y[t] = 0.5 * y[t-1] + 0.25 * y[t-2] + x[t]
    init y[-1] = y0
  }
  output y
}
)");
  const StateInfo &y = state(f, "y");
  ASSERT_EQ(y.inits.size(), 2u);
  ASSERT_NE(y.inits[0], nullptr);
  ASSERT_NE(y.inits[1], nullptr);
  EXPECT_EQ(y.inits[0]->kind, ExprKind::Name);
  EXPECT_EQ(y.inits[0]->name, "y0");
  EXPECT_EQ(y.inits[0]->ref, RefKind::Input);
  EXPECT_EQ(y.inits[1]->kind, ExprKind::Number);
  EXPECT_EQ(y.inits[1]->type.dtype, DType::Weak);
  EXPECT_EQ(y.defStmt, 1);
}

TEST(FrontendSema, ReverseScan) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T reverse { h[t] = 0.5 * h[t+2] + x[t+1] }
  output h
}
)");
  const StateInfo &h = state(f, "h");
  EXPECT_EQ(h.order, 2);
  const Expr &def = *firstScan(f).body[0].value;
  EXPECT_EQ(def.operands[0]->operands[1]->offset, 2);
  EXPECT_EQ(def.operands[1]->offset, 1);
  EXPECT_TRUE(firstScan(f).reverse);
  EXPECT_NE(errorOf(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T reverse { h[t] = 0.5 * h[t-1] + x[t] }
  output h
}
)"),
            "");
}

TEST(FrontendSema, ScalarStateGoesFirst) {
  // No time-indexed outer tensor: T goes first; a state made only of
  // constants is f32.
  File f = parse(R"(
model m {
  dims T, D
  input x : f32[T, D]
  param w : f32[D]
  scan t over T { g[t] = 0.5 * g[t-1] + 1.0 }
  scan t over T { h[t] = 0.5 * h[t-1] + w }
  output g, h, s = sum(x, D) + g
}
)");
  const StateInfo &g = state(f, "g");
  EXPECT_EQ(shapeStr(g.shape), "[T]");
  EXPECT_EQ(g.timeAxis, 0);
  EXPECT_EQ(g.dtype, DType::F32);
  const StateInfo &h = state(f, "h");
  EXPECT_EQ(shapeStr(h.shape), "[T, D]");
  EXPECT_EQ(h.timeAxis, 0);
  EXPECT_EQ(str(output(f, "s").type), "f32[T]");
}

TEST(FrontendSema, ScanDimPositionFromTheEnd) {
  // x is [T, B, D]: T has two dims after it, so the state is [T, B, D] too.
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[T, B, D]
  scan t over T { h[t] = 0.9 * h[t-1] + x[t] }
  output h
}
)");
  EXPECT_EQ(shapeStr(state(f, "h").shape), "[T, B, D]");
  EXPECT_EQ(state(f, "h").timeAxis, 0);
  EXPECT_EQ(firstScan(f).body[0].value->operands[1]->timeAxis, 0);
}

TEST(FrontendSema, StateThroughMatmul) {
  // h[t-1] @ W needs h's shape before it is known: the fixpoint finds it from
  // x[t].
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[D, D]
  scan t over T { h[t] = tanh(h[t-1] @ W + x[t]) }
  output h
}
)");
  EXPECT_EQ(shapeStr(state(f, "h").shape), "[B, T, D]");
}

TEST(FrontendSema, StateThroughScanLet) {
  File f = parse(R"(
model m {
  dims B, T, D, N
  input x : f32[B, T, D]
  param A : f32[D, N]
  scan t over T {
    let a = exp(expand_dims(x[t], -1) * A)
    h[t] = a * h[t-1] + 1.0
    o[t] = sum(h[t], N)
  }
  output o
}
)");
  EXPECT_EQ(shapeStr(state(f, "h").sliceShape), "[B, D, N]");
  EXPECT_EQ(shapeStr(state(f, "o").shape), "[B, T, D]");
  const Scan &s = firstScan(f);
  const Expr &aUse = *s.body[1].value->operands[0]->operands[0];
  EXPECT_EQ(aUse.ref, RefKind::ScanLet);
}

TEST(FrontendSema, LastOfAState) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { h[t] = 0.5 * h[t-1] + x[t] }
  output final = last(h), twice = 2.0 * last(h)
}
)");
  const OutputItem &o = output(f, "final");
  EXPECT_EQ(str(o.type), "f32[B, D]");
  EXPECT_EQ(o.value->builtin, Builtin::Last);
  EXPECT_EQ(o.value->scanStmt, 2);
  EXPECT_EQ(o.value->operands[0]->ref, RefKind::State);
  EXPECT_EQ(shapeStr(o.value->operands[0]->type.shape), "[B, T, D]");
}

TEST(FrontendSema, StateAsOuterTensorInLaterScan) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { h[t] = 0.5 * h[t-1] + x[t] }
  scan t over T reverse { g[t] = 0.5 * g[t+1] + h[t] }
  output g
}
)");
  const Model &m = f.models[0];
  const Expr &ht = *m.stmts[3].scan->body[0].value->operands[1];
  EXPECT_EQ(ht.kind, ExprKind::TimeIndex);
  EXPECT_EQ(ht.ref, RefKind::State);
  EXPECT_EQ(ht.timeAxis, 1);
  EXPECT_EQ(shapeStr(state(f, "g").shape), "[B, T, D]");
}

// ---- dtypes ------------------------------------------------------------------

TEST(FrontendSema, DTypeRules) {
  File f = parse(R"(
model m {
  dims B, D
  input a : bf16[B, D]
  input b : bf16[B, D]
  input h : f16[B, D]
  input d : f64[B, D]
  let c = 2.0 * 3.0 + 1e-3
  output same = a * b + 1.0,
         mixed = a * h,
         weak = c,
         weakscaled = c * h,
         dbl = d * c,
         red = sum(a, D)
}
)");
  EXPECT_EQ(letValue(f, "c").type.dtype, DType::Weak);
  EXPECT_EQ(str(output(f, "same").type), "bf16[B, D]");
  EXPECT_EQ(str(output(f, "mixed").type), "f32[B, D]");
  EXPECT_EQ(str(output(f, "weak").type), "f32[]");
  EXPECT_EQ(output(f, "weak").value->type.dtype, DType::Weak);
  EXPECT_EQ(str(output(f, "weakscaled").type), "f16[B, D]");
  EXPECT_EQ(str(output(f, "dbl").type), "f64[B, D]");
  EXPECT_EQ(str(output(f, "red").type), "bf16[B]");
  EXPECT_EQ(errorOf(R"(
model m {
  dims B
  input a : f32[B]
  input d : f64[B]
  output o = a + d
}
)"),
            "6:16: cannot mix f32 with f64 in one expression");
}

TEST(FrontendSema, Bf16StateAndOutput) {
  File f = parse(R"(
model m {
  dims B, T, D
  input a : bf16[B, T, D]
  input x : bf16[B, T, D]
  scan t over T { h[t] = a[t] * h[t-1] + x[t] }
  output h
}
)");
  EXPECT_EQ(state(f, "h").dtype, DType::BF16);
  EXPECT_EQ(str(output(f, "h").type), "bf16[B, T, D]");
}

// ---- shapes ------------------------------------------------------------------

TEST(FrontendSema, ExpandDimsAxis) {
  File f = parse(R"(
model m {
  dims B, D
  input u : f32[B, D]
  output e0 = expand_dims(u, 0), e1 = expand_dims(u, 1),
         e2 = expand_dims(u, 2), m1 = expand_dims(u, -1),
         m2 = expand_dims(u, -2), m3 = expand_dims(u, -3)
}
)");
  struct Case {
    const char *name;
    int64_t axis;
    const char *shape;
  } cases[] = {{"e0", 0, "[1, B, D]"}, {"e1", 1, "[B, 1, D]"},
               {"e2", 2, "[B, D, 1]"}, {"m1", 2, "[B, D, 1]"},
               {"m2", 1, "[B, 1, D]"}, {"m3", 0, "[1, B, D]"}};
  for (const Case &c : cases) {
    const OutputItem &o = output(f, c.name);
    EXPECT_EQ(o.value->axis, c.axis) << c.name;
    EXPECT_EQ(shapeStr(o.type.shape), c.shape) << c.name;
  }
  EXPECT_EQ(errorOf(R"(
model m {
  dims B, D
  input u : f32[B, D]
  output e = expand_dims(u, -4)
}
)"),
            "5:29: expand_dims position -4 is out of range for [B, D] "
            "(allowed -3 to 2)");
}

TEST(FrontendSema, MatmulForms) {
  File f = parse(R"(
model m {
  dims B, T, D, N
  input x : f32[B, T, D]
  input v : f32[D]
  input u : f32[B, D]
  param W : f32[D, N]
  param Wb : f32[B, D, N]
  param W4 : f32[4, N]
  input y : f32[B, 4]
  output a = x @ W, b = v @ W, c = u @ Wb, d = y @ W4
}
)");
  EXPECT_EQ(shapeStr(output(f, "a").type.shape), "[B, T, N]");
  EXPECT_EQ(shapeStr(output(f, "b").type.shape), "[N]");
  EXPECT_EQ(shapeStr(output(f, "c").type.shape), "[B, N]");
  EXPECT_EQ(shapeStr(output(f, "d").type.shape), "[B, N]");
  EXPECT_EQ(output(f, "a").value->op, BinOp::MatMul);
  // No broadcasting of leading dims, and K must match exactly.
  const char *head = "\nmodel m {\n  dims B, T, D, N\n  input x : f32[B, T, D]\n";
  EXPECT_EQ(errorOf(std::string(head) +
                    "  param W : f32[T, D, N]\n  output o = x @ W\n}\n"),
            "6:16: cannot multiply [B, T, D] @ [T, D, N]: the leading dims [T] "
            "of the right operand must equal [B, T]");
  EXPECT_EQ(errorOf(std::string(head) +
                    "  param W : f32[N, D]\n  output o = x @ W\n}\n"),
            "6:16: cannot multiply [B, T, D] @ [N, D]: inner dims D vs N");
  EXPECT_EQ(errorOf(std::string(head) +
                    "  param W : f32[1, N]\n  output o = x @ W\n}\n"),
            "6:16: cannot multiply [B, T, D] @ [1, N]: inner dims D vs 1");
}

TEST(FrontendSema, BroadcastAndReductions) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input one : f32[1, D]
  param g : f32[D]
  let n = x * rsqrt(mean(x * x, D, keepdims=true) + 1e-6) * g
  output n, s = x + one, r = amax(x, T),
         c = logcumsumexp(x, T, reverse=true, exclusive=true),
         sh = shift(x, T, -3), mx = clamp(x, 0.0, g)
}
)");
  EXPECT_EQ(shapeStr(output(f, "n").type.shape), "[B, T, D]");
  const Expr &mean = *letValue(f, "n").operands[0]->operands[1]->operands[0]
                          ->operands[0];
  EXPECT_EQ(mean.builtin, Builtin::Mean);
  EXPECT_TRUE(mean.keepdims);
  EXPECT_EQ(mean.axis, 2);
  EXPECT_EQ(shapeStr(mean.type.shape), "[B, T, 1]");
  EXPECT_EQ(shapeStr(output(f, "s").type.shape), "[B, T, D]");
  const OutputItem &r = output(f, "r");
  EXPECT_EQ(r.value->axis, 1);
  EXPECT_FALSE(r.value->keepdims);
  EXPECT_EQ(shapeStr(r.type.shape), "[B, D]");
  const Expr &c = *output(f, "c").value;
  EXPECT_EQ(c.builtin, Builtin::Logcumsumexp);
  EXPECT_TRUE(c.reverse);
  EXPECT_TRUE(c.exclusive);
  EXPECT_EQ(c.axis, 1);
  const Expr &sh = *output(f, "sh").value;
  EXPECT_EQ(sh.builtin, Builtin::Shift);
  EXPECT_EQ(sh.amount, -3);
  EXPECT_EQ(sh.axis, 1);
  EXPECT_EQ(output(f, "mx").value->builtin, Builtin::Clamp);
}

TEST(FrontendSema, ModelSummary) {
  File f = parse(std::string(kSelectiveScan) + kLinossIm);
  ASSERT_EQ(f.models.size(), 2u);
  const Model &m = f.models[0];
  EXPECT_EQ(m.dims, (std::vector<std::string>{"B", "T", "D", "N"}));
  ASSERT_EQ(m.inputs.size(), 4u);
  EXPECT_EQ(m.inputs[0]->name, "x");
  EXPECT_EQ(m.inputs[3]->name, "C");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0]->name, "A");
  EXPECT_EQ(shapeStr(m.params[0]->type.shape), "[D, N]");
}

TEST(FrontendSema, RefKinds) {
  File f = parse(R"(
model m {
  dims B, T
  input x : f32[B, T]
  param w : f32[B]
  let a = w * 2.0
  output o = a + w, p = o * 2.0
}
)");
  const Expr &o = *output(f, "o").value;
  EXPECT_EQ(o.operands[0]->ref, RefKind::Let);
  EXPECT_EQ(o.operands[1]->ref, RefKind::Param);
  EXPECT_EQ(output(f, "p").value->operands[0]->ref, RefKind::Let);
}

// ---- errors ------------------------------------------------------------------

TEST(FrontendErrors, Messages) {
  const std::string head =
      "model m {\n  dims B, T, D\n  input x : f32[B, T, D]\n";
  EXPECT_EQ(errorOf(head + "  let a = y + 1.0\n  output a\n}\n"),
            "4:11: unknown name 'y'");
  EXPECT_EQ(errorOf(head + "  output " + std::string(200, 'y') + " = x\n}\n"),
            "");
  EXPECT_EQ(errorOf(head + "  output " + std::string(201, 'y') + " = x\n}\n"),
            "4:10: a name of 201 characters; names have at most 200");
  // A scan block's let is not visible after the block: the message says
  // where it is defined.
  EXPECT_EQ(errorOf(head + "  scan t over T {\n    let g = 0.5 * x[t]\n"
                           "    h[t] = h[t-1] + g\n  }\n  output h, g\n}\n"),
            "8:13: 'g' is local to the scan block that defines it (at 5:9); "
            "only the block's states are visible outside it");
  EXPECT_EQ(errorOf(head + "  let x = 1.0\n  output x\n}\n"),
            "4:7: 'x' is defined twice (first at 3:9)");
  EXPECT_EQ(errorOf(head + "  scan t over T { h[t] = h[t-1] + x }\n"
                           "  output h\n}\n"),
            "4:35: 'x' varies over T; write x[t]");
  EXPECT_EQ(errorOf(head + "  scan t over T {\n    init h[-3] = 0.0\n"
                           "    h[t] = h[t-1] + h[t-2] + x[t]\n  }\n"
                           "  output h\n}\n"),
            "5:13: init h[-3] is never read: h reads at most h[t-2]");
  EXPECT_EQ(errorOf(head + "  output D\n}\n"),
            "4:10: 'D' is a dim, not a tensor");
  EXPECT_EQ(errorOf(head + "}\n"), "1:7: model 'm' has no output (add "
                                   "'output NAME')");
  EXPECT_EQ(errorOf(""), "1:1: expected 'model', found end of file");
}

// ---- robustness ------------------------------------------------------------

std::string model(const std::string &expr) {
  return "model m {\n  dims B\n  input x : f32[B]\n  let a = " + expr +
         "\n  output a\n}\n";
}

TEST(FrontendRobustness, DepthLimitIsExact) {
  // Right operands nest: `x + (x + (... + x))` of N terms is N levels deep
  // (N - 1 parentheses, within the nesting limit).
  auto nested = [](int n) {
    std::string s = "x";
    for (int i = 1; i < n; ++i)
      s = "x + (" + s + ")";
    return s;
  };
  EXPECT_EQ(errorOf(model(nested(frontend::kMaxExprDepth))), "");
  EXPECT_NE(errorOf(model(nested(frontend::kMaxExprDepth + 1)))
                .find("expression nests too deeply (more than 1000 levels)"),
            std::string::npos);
}

TEST(FrontendRobustness, DeepNestingIsAnError) {
  const int n = 200000;
  std::string parens = std::string(n, '(') + "x" + std::string(n, ')');
  EXPECT_NE(errorOf(model(parens)).find("nests too deeply"), std::string::npos);
  std::string minus = std::string(n, '-') + "x";
  EXPECT_NE(errorOf(model(minus)).find("nests too deeply"), std::string::npos);
  std::string calls;
  for (int i = 0; i < n; ++i)
    calls += "exp(";
  calls += "x" + std::string(n, ')');
  EXPECT_NE(errorOf(model(calls)).find("nests too deeply"), std::string::npos);
  std::string unclosed(n, '(');
  EXPECT_NE(errorOf(model(unclosed)).find("nests too deeply"),
            std::string::npos);
}

TEST(FrontendRobustness, HugeSum) {
  // A chain is a loop in the parser and in every walk (its left spine), so
  // any length parses and checks, without deep recursion (and the tree is
  // freed iteratively).
  std::string sum = "x";
  for (int i = 1; i < 200000; ++i)
    sum += " + x";
  EXPECT_EQ(errorOf(model(sum)), "");
  std::string prod = "x";
  for (int i = 1; i < 200000; ++i)
    prod += (i % 2) ? " * x" : " / x";
  EXPECT_EQ(errorOf(model(prod)), "");
  std::string mixed = "x";
  for (int i = 1; i < 200000; ++i)
    mixed += (i % 2) ? " * x" : " - x";
  EXPECT_EQ(errorOf(model(mixed)), "");
  // A mistake deep in the chain is found and located.
  EXPECT_EQ(errorOf(model(sum + " + y")), "4:800011: unknown name 'y'");
}

TEST(FrontendRobustness, Garbage) {
  std::mt19937 rng(12345);
  for (int round = 0; round < 4; ++round) {
    std::string junk(1 << 20, '\0');
    for (char &c : junk) {
      uint32_t r = rng();
      // Round 0: any byte; 1: printable; 2: token characters; 3: brackets.
      if (round == 0)
        c = static_cast<char>(r & 0xff);
      else if (round == 1)
        c = static_cast<char>(32 + r % 95);
      else if (round == 2)
        c = "abx (),[]{}=+-*/@:#\n0123456789.eE"[r % 33];
      else
        c = "([-x"[r % 4];
    }
    EXPECT_NE(errorOf(junk), "") << "round " << round;
  }
  EXPECT_EQ(errorOf(std::string("model m {\n  let a = x\0", 22)),
            "2:12: NUL byte in the source");
  EXPECT_EQ(errorOf("model m { let \xc3\xa9 = 1.0 }"),
            "1:15: non-ASCII character outside a comment (byte 0xC3)");
}

TEST(FrontendRobustness, ManyStatesSettleQuickly) {
  // A chain of states each reading the next one's previous value needs many
  // rounds of the shape fixpoint; it must still be fast.
  std::string src = "model m {\n  dims B, T, D\n  input x : f32[B, T, D]\n"
                    "  scan t over T {\n";
  const int n = 5000;
  for (int i = 0; i < n; ++i)
    src += "    h" + std::to_string(i) + "[t] = 0.5 * h" +
           std::to_string((i + 1) % n) + "[t-1]" +
           (i == n - 1 ? " + x[t]" : "") + "\n";
  src += "  }\n  output h0\n}\n";
  File f = parse(src);
  EXPECT_EQ(shapeStr(state(f, "h0").shape), "[B, T, D]");
  EXPECT_EQ(shapeStr(state(f, "h4999").shape), "[B, T, D]");
}

TEST(FrontendRobustness, DiagnosticFormat) {
  std::string src = "model m {\n\tlet a = y\n  output a\n}\n";
  try {
    parse(src);
    FAIL() << "expected an error";
  } catch (const SourceError &e) {
    EXPECT_EQ(formatDiagnostic("f.sl", src, e.loc, "error", e.what()),
              "f.sl:2:10: error: unknown name 'y'\n\tlet a = y\n\t        ^\n");
  }
}

// Lines end at \n, \r\n or a lone \r (classic Mac OS files): the location
// and the shown line are the editor's.
TEST(FrontendRobustness, CarriageReturnLineEnds) {
  for (std::string end : {"\r", "\r\n"}) {
    std::string src = "model m {" + end + "  dims T" + end +
                      "  input x : f32[T] # a comment" + end +
                      "  output y = x + q" + end + "}" + end;
    try {
      sluice::frontend::parseAndCheck(src, "f.sl");
      FAIL() << "expected an error";
    } catch (const SourceError &e) {
      EXPECT_EQ(formatDiagnostic("f.sl", src, e.loc, "error", e.what()),
                "f.sl:4:18: error: unknown name 'q'\n  output y = x + q\n"
                "                 ^\n");
    }
  }
}

} // namespace
