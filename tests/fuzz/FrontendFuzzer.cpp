//===- FrontendFuzzer.cpp - libFuzzer entry point for the frontend --------===//
//
// Feeds arbitrary bytes to the whole frontend (lexer, parser, Sema). A
// SourceError is the expected answer to bad input; anything else (another
// exception, a crash, a sanitizer report, a hang) is a bug the fuzzer should
// find, so nothing else is caught. Also checks that every error location is
// within the input, and that an accepted input gives a consistent tree (the
// invariants IRGen relies on).
//
// Build: clang++-14 -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined
//          -I. frontend/{AST,Diagnostics,Lexer,Parser,Sema,Frontend}.cpp
//          tests/fuzz/FrontendFuzzer.cpp -o frontend-fuzzer
// Run:   ./frontend-fuzzer -max_len=4096 CORPUS_DIR examples/
//
//===----------------------------------------------------------------------===//

#include "frontend/Diagnostics.h"
#include "frontend/Frontend.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

using namespace sluice::ast;

namespace {

void require(bool ok) {
  if (!ok)
    std::abort();
}

bool hasNamedDim(const Shape &s, int64_t axis) {
  return axis >= 0 && axis < static_cast<int64_t>(s.size()) &&
         !s[static_cast<size_t>(axis)].isLiteral();
}

bool takesDim(Builtin b) {
  return (b >= Builtin::Sum && b <= Builtin::Logcumsumexp) ||
         b == Builtin::Shift;
}

void checkExpr(const Model &m, const Expr &e) {
  for (size_t i = 0; i < e.operands.size(); ++i) {
    if (e.kind == ExprKind::Call && i == 1 && takesDim(e.builtin)) {
      require(e.operands[1]->kind == ExprKind::Name); // a dim name
      continue;
    }
    checkExpr(m, *e.operands[i]);
  }
  const Shape &shape = e.type.shape;
  switch (e.kind) {
  case ExprKind::Number:
    require(e.type.dtype == DType::Weak && shape.empty());
    break;
  case ExprKind::Name:
  case ExprKind::TimeIndex:
    require(e.ref != RefKind::None);
    break;
  case ExprKind::Neg:
    require(e.operands.size() == 1 && e.operands[0]->type.shape == shape);
    break;
  case ExprKind::Binary: {
    require(e.operands.size() == 2);
    const Shape &a = e.operands[0]->type.shape;
    const Shape &b = e.operands[1]->type.shape;
    if (e.op == BinOp::MatMul)
      require(!a.empty() && b.size() >= 2 && shape.size() == a.size() &&
              a.back() == b[b.size() - 2]);
    else
      require(shape.size() == std::max(a.size(), b.size()));
    break;
  }
  case ExprKind::Call: {
    require(e.builtin != Builtin::None);
    const Shape &x = e.operands.at(0)->type.shape;
    switch (e.builtin) {
    case Builtin::Sum:
    case Builtin::Mean:
    case Builtin::Amax:
    case Builtin::Amin:
      require(hasNamedDim(x, e.axis));
      require(shape.size() == x.size() - (e.keepdims ? 0 : 1));
      break;
    case Builtin::Cumsum:
    case Builtin::Cumprod:
    case Builtin::Cummax:
    case Builtin::Cummin:
    case Builtin::Logcumsumexp:
    case Builtin::Shift:
      require(hasNamedDim(x, e.axis) && shape == x);
      break;
    case Builtin::ExpandDims:
      require(e.axis >= 0 && e.axis <= static_cast<int64_t>(x.size()) &&
              shape.size() == x.size() + 1 &&
              shape[static_cast<size_t>(e.axis)] == Dim{"", 1});
      break;
    case Builtin::Squeeze:
      require(e.axis >= 0 && e.axis < static_cast<int64_t>(x.size()) &&
              shape.size() + 1 == x.size() &&
              x[static_cast<size_t>(e.axis)] == Dim{"", 1});
      break;
    case Builtin::Reshape: {
      // Only size-1 dims change.
      auto nonUnit = [](const Shape &in) {
        Shape out;
        for (const Dim &d : in)
          if (!(d == Dim{"", 1}))
            out.push_back(d);
        return out;
      };
      require(e.hasDimList && shape == e.dimList && nonUnit(x) == nonUnit(shape));
      break;
    }
    case Builtin::Last: {
      require(e.scanStmt >= 0 &&
              e.scanStmt < static_cast<int64_t>(m.stmts.size()));
      const Stmt &s = m.stmts[static_cast<size_t>(e.scanStmt)];
      require(s.kind == Stmt::Kind::Scan);
      bool found = false;
      for (const StateInfo &st : s.scan->states)
        if (st.name == e.operands[0]->name) {
          found = true;
          require(shape == st.sliceShape);
        }
      require(found);
      break;
    }
    case Builtin::Where: {
      // The condition is a comparison; the result broadcasts all three.
      require(e.operands.size() == 3 &&
              e.operands[0]->kind == ExprKind::Compare);
      size_t rank = 0;
      for (const ExprPtr &op : e.operands)
        rank = std::max(rank, op->type.shape.size());
      require(shape.size() == rank);
      break;
    }
    default:
      break;
    }
    break;
  }
  case ExprKind::Compare: {
    require(e.operands.size() == 2);
    const Shape &a = e.operands[0]->type.shape;
    const Shape &b = e.operands[1]->type.shape;
    require(shape.size() == std::max(a.size(), b.size()));
    break;
  }
  }
}

void checkTree(const File &file) {
  for (const Model &m : file.models) {
    bool anyOutput = false;
    for (const Stmt &s : m.stmts) {
      if (s.value)
        checkExpr(m, *s.value);
      for (const OutputItem &o : s.outputs) {
        anyOutput = true;
        require(o.type.dtype != DType::Weak);
        if (o.value)
          checkExpr(m, *o.value);
      }
      if (s.kind != Stmt::Kind::Scan)
        continue;
      const Scan &scan = *s.scan;
      require(!scan.states.empty());
      for (const ScanStmt &st : scan.body)
        checkExpr(m, *st.value);
      for (const StateInfo &st : scan.states) {
        require(st.dtype != DType::Weak);
        require(st.order >= 0 &&
                st.inits.size() == static_cast<size_t>(st.order) &&
                st.initIndex.size() == st.inits.size() &&
                st.initAxis.size() == st.inits.size());
        // A window init: its lag dim has the literal size of the window.
        for (size_t k = 0; k < st.inits.size(); ++k) {
          if (st.initIndex[k] < 0)
            continue;
          require(st.inits[k] != nullptr);
          const Shape &v = st.inits[k]->type.shape;
          require(st.initAxis[k] >= 0 &&
                  st.initAxis[k] < static_cast<int64_t>(v.size()));
          const Dim &lagDim = v[static_cast<size_t>(st.initAxis[k])];
          require(lagDim.isLiteral() && st.initIndex[k] < lagDim.size &&
                  st.initIndex[k] + static_cast<int64_t>(k) + 1 == lagDim.size);
        }
        require(st.defStmt >= 0 &&
                st.defStmt < static_cast<int64_t>(scan.body.size()));
        const ScanStmt &def = scan.body[static_cast<size_t>(st.defStmt)];
        require(def.kind == ScanStmt::Kind::State && def.name == st.name);
        Shape expect = st.sliceShape;
        require(st.timeAxis >= 0 &&
                st.timeAxis <= static_cast<int64_t>(expect.size()));
        expect.insert(expect.begin() + st.timeAxis, Dim{scan.dim, 0});
        require(expect == st.shape);
      }
    }
    require(anyOutput);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string source(reinterpret_cast<const char *>(data), size);
  try {
    File file = sluice::frontend::parseAndCheck(source, "fuzz.sl");
    checkTree(file);
  } catch (const sluice::SourceError &e) {
    // Every error is located inside the input (or just past its end); a
    // line ends at \n, \r\n or a lone \r.
    size_t lines = 1;
    for (size_t i = 0; i < source.size(); ++i)
      lines += source[i] == '\n' ||
               (source[i] == '\r' &&
                (i + 1 == source.size() || source[i + 1] != '\n'));
    if (e.loc.line < 1 || e.loc.line > lines || e.loc.col < 1)
      std::abort();
    for (const sluice::SourceError::Note &note : e.notes)
      if (note.loc.line < 1 || note.loc.line > lines || note.loc.col < 1)
        std::abort();
    std::string text = sluice::formatDiagnostic("fuzz.sl", source, e.loc,
                                                "error", e.what());
    if (text.empty())
      std::abort();
  }
  return 0;
}
