//===- Frontend.cpp - Source text to a checked syntax tree ----------------===//

#include "frontend/Frontend.h"

#include "frontend/Parser.h"
#include "frontend/Sema.h"

namespace sluice::frontend {

ast::File parseAndCheck(std::string source, std::string filename) {
  ast::File file;
  file.filename = std::move(filename);
  file.source = std::move(source);
  ParseInfo info;
  parseFile(file, info);
  checkFile(file, info);
  return file;
}

} // namespace sluice::frontend
