//===- Diagnostics.cpp - clang-style located messages ---------------------===//

#include "frontend/Diagnostics.h"

#include <algorithm>

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
  // A long line is shown as a window of kWindow columns around the caret,
  // with "..." where it is cut.
  constexpr size_t kWindow = 120;
  size_t length = end - start;
  size_t caretAt = loc.col > 0 ? loc.col - 1 : 0; // column offset in the line
  size_t from = 0, to = length;
  if (length > kWindow) {
    from = caretAt > kWindow / 2 ? caretAt - kWindow / 2 : 0;
    from = std::min(from, length - kWindow);
    to = from + kWindow;
  }
  if (length == 0 && start >= source.size() && loc.col <= 1)
    return out; // error at end of file: nothing to show
  std::string text = from > 0 ? "..." : "";
  std::string caret(text.size(), ' ');
  for (size_t i = from; i < to; ++i) {
    unsigned char c = static_cast<unsigned char>(source[start + i]);
    text += (c == '\t' || (c >= 0x20 && c < 0x7f)) ? static_cast<char>(c) : '?';
  }
  if (to < length)
    text += "...";
  out += text;
  out += '\n';
  // The caret may sit past the end of the line (a missing token at its end).
  for (size_t i = from; i < caretAt && i <= from + kWindow; ++i)
    caret += (i < length && source[start + i] == '\t') ? '\t' : ' ';
  caret += '^';
  out += caret;
  out += '\n';
  return out;
}

} // namespace sluice
