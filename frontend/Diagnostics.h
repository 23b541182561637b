//===- Diagnostics.h - Located errors of the frontend ---------------------===//
//
// Every user-facing error is `FILE:LINE:COL: error: MESSAGE`, then the source
// line and a caret under the column, like clang. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_DIAGNOSTICS_H
#define SLUICE_FRONTEND_DIAGNOSTICS_H

#include "frontend/AST.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sluice {

/// Formats one diagnostic the way clang does: the header line, the source
/// line (non-printable bytes shown as '?'; a line longer than 120 columns
/// clipped to 120 around the caret, "..." marking each cut) and a caret line.
/// `severity` is "error", "warning", "remark" or "note". Never throws.
std::string formatDiagnostic(std::string_view filename, std::string_view source,
                             ast::Loc loc, std::string_view severity,
                             std::string_view message);

/// An error in the user's input. `what()` is the fully formatted text
/// (possibly several diagnostics, each ending in a newline).
class CompileError : public std::runtime_error {
public:
  explicit CompileError(const std::string &formatted)
      : std::runtime_error(formatted) {}
};

/// The error the frontend throws at the first problem: its location and bare
/// message. The driver formats it with `formatDiagnostic`.
class SourceError : public std::runtime_error {
public:
  SourceError(ast::Loc loc, const std::string &message)
      : std::runtime_error(message), loc(loc) {}
  ast::Loc loc;
  /// A located note after the error, such as where a state got its shape.
  struct Note {
    ast::Loc loc;
    std::string message;
  };
  std::vector<Note> notes;
};

} // namespace sluice

#endif // SLUICE_FRONTEND_DIAGNOSTICS_H
