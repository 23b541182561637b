//===- Parser.h - Recursive-descent parser of the model language ----------===//
//
// Builds the syntax tree of docs/LANGUAGE.md's grammar. Throws SourceError at the
// first problem. Operator chains are parsed with loops (a flat sum of 100k
// terms parses). Recursion is bounded: parentheses, call arguments and unary
// minus signs may nest at most kMaxExprDepth levels, and no expression gets
// deeper than kMaxExprDepth levels, where the left operand of a binary
// operator adds no level (walks follow a chain's left spine with a loop,
// ast::leftSpine), so later passes may recurse on the tree. At the limit,
// parsing and checking take up to about 1 MB of stack
// (measured with g++ 12 at -O0, -O1 and -O2; the main thread has 8 MB). Runs
// in time linear in the input. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_PARSER_H
#define SLUICE_FRONTEND_PARSER_H

#include "frontend/AST.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace sluice::frontend {

/// The deepest expression nesting (and expression tree) the parser accepts.
constexpr int kMaxExprDepth = 1000;

/// The most dims a tensor may have (declared types, and results of
/// expand_dims and of state shape inference).
constexpr size_t kMaxRank = 64;

/// Locations the syntax tree has no field for, kept for Sema's messages.
struct ParseInfo {
  /// [model][stmt]: the location of each dim of an input/param type.
  std::vector<std::vector<std::vector<ast::Loc>>> typeDimLocs;
  /// TimeIndex nodes with an offset: the location of its `+`/`-` sign.
  std::unordered_map<const ast::Expr *, ast::Loc> offsetLocs;
  /// `init h[-k] = value`, keyed by the value: the location of `k`.
  std::unordered_map<const ast::Expr *, ast::Loc> initLagLocs;
};

/// Parses a whole file. `file.source` and `file.filename` must be set; fills
/// `file.models` and `info`. Throws SourceError.
void parseFile(ast::File &file, ParseInfo &info);

} // namespace sluice::frontend

#endif // SLUICE_FRONTEND_PARSER_H
