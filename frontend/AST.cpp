//===- AST.cpp - Helpers of the syntax tree -------------------------------===//

#include "frontend/AST.h"

namespace sluice::ast {

const char *dtypeName(DType t) {
  switch (t) {
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  case DType::Weak:
    return "weak";
  }
  return "?";
}

std::string Dim::str() const {
  return isLiteral() ? std::to_string(size) : name;
}

std::string shapeStr(const Shape &s) {
  std::string out = "[";
  for (size_t i = 0; i < s.size(); ++i) {
    if (i)
      out += ", ";
    out += s[i].str();
  }
  out += ']';
  return out;
}

std::string locStr(Loc l) {
  return std::to_string(l.line) + ":" + std::to_string(l.col);
}

} // namespace sluice::ast
