//===- FrontendShapesTest.cpp - Sema of squeeze, reshape, window inits ----===//
//
// The shapes Sema gives squeeze/unsqueeze/reshape, the lags and indices of a
// window init `init h[-k:] = v`, and the note on a state's scan dim.
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
  return frontend::parseAndCheck(src, "test.sl");
}

const OutputItem &output(const File &f, const std::string &name) {
  for (const Stmt &s : f.models[0].stmts)
    if (s.kind == Stmt::Kind::Output)
      for (const OutputItem &o : s.outputs)
        if (o.name == name)
          return o;
  throw std::runtime_error("no output " + name);
}

const StateInfo &state(const File &f, const std::string &name) {
  for (const Stmt &s : f.models[0].stmts)
    if (s.kind == Stmt::Kind::Scan)
      for (const StateInfo &st : s.scan->states)
        if (st.name == name)
          return st;
  throw std::runtime_error("no state " + name);
}

TEST(FrontendShapes, SqueezeUnsqueezeReshapeShapes) {
  File f = parse(R"(
model m {
  dims B, T, H, V
  input n : f32[B, T, H, V, 1]
  input g : f32[B, T, H]
  output a = squeeze(n, -1), b = squeeze(n, 4), c = unsqueeze(g, 1)
  output d = reshape(g, [B, 1, T, H, 1, 1]), e = reshape(n, [B, T, H, V])
  output f = reshape(g, [B, T, H])
}
)");
  EXPECT_EQ(shapeStr(output(f, "a").type.shape), "[B, T, H, V]");
  EXPECT_EQ(shapeStr(output(f, "b").type.shape), "[B, T, H, V]");
  EXPECT_EQ(shapeStr(output(f, "c").type.shape), "[B, 1, T, H]");
  EXPECT_EQ(shapeStr(output(f, "d").type.shape), "[B, 1, T, H, 1, 1]");
  EXPECT_EQ(shapeStr(output(f, "e").type.shape), "[B, T, H, V]");
  EXPECT_EQ(shapeStr(output(f, "f").type.shape), "[B, T, H]");
}

TEST(FrontendShapes, WindowInitLagsInTimeOrder) {
  File f = parse(R"(
model m {
  dims B, T, D
  input x : f32[B, T, D]
  input y0 : f32[B, 3, D]
  scan t over T {
    init y[-3:] = y0
    y[t] = 0.5 * y[t-3] + x[t]
  }
  output y
}
)");
  const StateInfo &y = state(f, "y");
  ASSERT_EQ(y.order, 3);
  EXPECT_EQ(shapeStr(y.shape), "[B, T, D]");
  // inits[k-1] is h[-k]: element 3 - k of the lag dim, which is axis 1.
  for (int64_t k = 1; k <= 3; ++k) {
    EXPECT_NE(y.inits[k - 1], nullptr);
    EXPECT_EQ(y.initIndex[k - 1], 3 - k);
    EXPECT_EQ(y.initAxis[k - 1], 1);
  }
}

TEST(FrontendShapes, WindowInitBroadcastsAndGoesFirstWithoutReads) {
  File f = parse(R"(
model m {
  dims B, T, D
  input w : f32[D]
  input x : f32[B, T, D]
  input y0 : f32[2, D]
  scan t over T {
    init y[-2:] = y0
    y[t] = 0.5 * y[t-2] + w
  }
  output y
}
)");
  const StateInfo &y = state(f, "y");
  EXPECT_EQ(shapeStr(y.shape), "[T, D]");
  EXPECT_EQ(y.initAxis[0], 0);
  EXPECT_EQ(y.initIndex[0], 1); // y[-1] is y0[1]
}

TEST(FrontendShapes, BroadcastErrorNotesTheStatesScanDim) {
  try {
    parse(R"(
model s4d {
  dims B, T, D, N
  input u : f32[B, T, D]
  param A : f32[D, N]
  scan t over T {
    x[t] = A * x[t-1] + expand_dims(u[t], -1)
  }
  output y = sum(A * x, N)
}
)");
    FAIL() << "accepted";
  } catch (const SourceError &e) {
    EXPECT_EQ(e.loc.line, 9);
    ASSERT_EQ(e.notes.size(), 1u);
    EXPECT_EQ(e.notes[0].loc.line, 7);
    EXPECT_NE(e.notes[0].message.find("state 'x' is [B, D, T, N]"),
              std::string::npos);
    EXPECT_NE(e.notes[0].message.find("as in 'u' [B, T, D]"),
              std::string::npos);
  }
}

TEST(FrontendShapes, NoNoteWithoutAState) {
  try {
    parse(R"(
model m {
  dims B, D, N
  input u : f32[B, D]
  param A : f32[D, N]
  output y = A * u
}
)");
    FAIL() << "accepted";
  } catch (const SourceError &e) {
    EXPECT_TRUE(e.notes.empty());
  }
}

} // namespace
