//===- Frontend.cpp - Source text to a checked syntax tree ----------------===//

#include "frontend/Frontend.h"

#include "frontend/Parser.h"
#include "frontend/Sema.h"

namespace sluice::frontend {

namespace {
/// `source` with each carriage return that no newline follows (the line
/// ending of classic Mac OS files) turned into a newline, so that lines and
/// columns count as the user's editor shows them; CRLF stays (the lexer
/// skips the CR). One character for one: offsets do not move.
std::string withNewlineLineEnds(std::string source) {
  for (size_t i = 0; i < source.size(); ++i)
    if (source[i] == '\r' && (i + 1 == source.size() || source[i + 1] != '\n'))
      source[i] = '\n';
  return source;
}
} // namespace

ast::File parseAndCheck(std::string source, std::string filename,
                        const std::string &onlyModel) {
  ast::File file;
  file.filename = std::move(filename);
  file.source = withNewlineLineEnds(std::move(source));
  ParseInfo info;
  parseFile(file, info);
  for (const ast::Model &m : file.models)
    file.modelNames.push_back(m.name);
  checkFile(file, info, onlyModel);
  return file;
}

} // namespace sluice::frontend
