//===- Frontend.h - Source text to a checked syntax tree ------------------===//
#ifndef SLUICE_FRONTEND_FRONTEND_H
#define SLUICE_FRONTEND_FRONTEND_H

#include "frontend/AST.h"

#include <string>

namespace sluice::frontend {

/// Lexes, parses and checks (Sema) a whole file. Throws `SourceError` at the
/// first problem; never crashes or recurses without bound on any input.
/// With `onlyModel`, the whole file must parse and its model names be
/// unique, but only that model is checked and kept in `models` (an error
/// in another model does not stop it); a name the file does not define
/// keeps no model (`modelNames` lists them for the caller's message).
ast::File parseAndCheck(std::string source, std::string filename,
                        const std::string &onlyModel = "");

} // namespace sluice::frontend

#endif // SLUICE_FRONTEND_FRONTEND_H
