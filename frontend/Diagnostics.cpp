//===- Diagnostics.cpp - clang-style located messages ---------------------===//

#include "frontend/Diagnostics.h"

#include <algorithm>

namespace sluice {

namespace {
/// Where the line that starts at `start` ends: its `\n`, or a carriage
/// return (of CRLF, or a lone one, which ends a line as the frontend counts
/// them), or the end of the text.
size_t lineEnd(std::string_view source, size_t start) {
  size_t end = source.find_first_of("\r\n", start);
  return end == std::string_view::npos ? source.size() : end;
}

/// The start of the line after the one that ends at `end` (lineEnd).
size_t nextLineStart(std::string_view source, size_t end) {
  if (end < source.size() && source[end] == '\r' && end + 1 < source.size() &&
      source[end + 1] == '\n')
    return end + 2;
  return end + 1;
}
} // namespace

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
  for (uint32_t line = 1; line < loc.line && start < source.size(); ++line)
    start = std::min(source.size(), nextLineStart(source, lineEnd(source, start)));
  size_t end = lineEnd(source, start);
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
