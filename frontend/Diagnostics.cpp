//===- Diagnostics.cpp - clang-style located messages ---------------------===//

#include "frontend/Diagnostics.h"

namespace sluice {

std::string formatDiagnostic(std::string_view filename, std::string_view source,
                             ast::Loc loc, std::string_view severity,
                             std::string_view message) {
  std::string out;
  out += filename;
  out += ':' + std::to_string(loc.line) + ':' + std::to_string(loc.col) + ": ";
  out += severity;
  out += ": ";
  out += message;
  out += '\n';
  if (loc.line == 0)
    return out;
  // Find the line.
  size_t start = 0;
  for (uint32_t line = 1; line < loc.line && start < source.size(); ++line) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) {
      start = source.size();
      break;
    }
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  if (end == std::string_view::npos)
    end = source.size();
  std::string text;
  // Long lines are cut to keep the message readable.
  constexpr size_t kMaxShown = 400;
  for (size_t i = start; i < end && text.size() < kMaxShown; ++i) {
    unsigned char c = static_cast<unsigned char>(source[i]);
    text += (c == '\t' || (c >= 0x20 && c < 0x7f)) ? static_cast<char>(c) : '?';
  }
  if (text.empty() && start >= source.size() && loc.col <= 1)
    return out; // error at end of file: nothing to show
  out += text;
  out += '\n';
  std::string caret;
  for (uint32_t c = 1; c < loc.col && caret.size() < kMaxShown; ++c) {
    size_t i = start + c - 1;
    caret += (i < end && source[i] == '\t') ? '\t' : ' ';
  }
  caret += '^';
  out += caret;
  out += '\n';
  return out;
}

} // namespace sluice
