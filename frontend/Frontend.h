//===- Frontend.h - Source text to a checked syntax tree ------------------===//
#ifndef SLUICE_FRONTEND_FRONTEND_H
#define SLUICE_FRONTEND_FRONTEND_H

#include "frontend/AST.h"

#include <string>

namespace sluice::frontend {

/// Lexes, parses and checks (Sema) a whole file. Throws `SourceError` at the
/// first problem; never crashes or recurses without bound on any input.
ast::File parseAndCheck(std::string source, std::string filename);

} // namespace sluice::frontend

#endif // SLUICE_FRONTEND_FRONTEND_H
