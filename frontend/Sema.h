//===- Sema.h - Names, dims, shapes and types of the model language -------===//
//
// Checks a parsed file against docs/LANGUAGE.md and fills every field of the syntax
// tree marked "Sema". Throws SourceError at the first problem. Recursion is
// bounded by the parser's depth limit (Parser.h). Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_SEMA_H
#define SLUICE_FRONTEND_SEMA_H

#include "frontend/AST.h"
#include "frontend/Parser.h"

namespace sluice::frontend {

/// The largest lag a state may be read at (`h[t-k]`, `k <= kMaxStateLag`).
constexpr int64_t kMaxStateLag = 1024;

/// Checks that the model names of `file` are unique, then checks every
/// model (or, with `onlyModel`, that one alone, dropping the others from
/// `file.models`) and fills the Sema fields.
void checkFile(ast::File &file, const ParseInfo &info,
               const std::string &onlyModel = "");

} // namespace sluice::frontend

#endif // SLUICE_FRONTEND_SEMA_H
