//===- Lexer.h - Tokens of the model language -----------------------------===//
//
// Splits source text into tokens on demand. Lexical errors (non-ASCII bytes
// outside comments, NUL bytes, stray characters, malformed numbers) are thrown
// as SourceError at the offending character. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_LEXER_H
#define SLUICE_FRONTEND_LEXER_H

#include "frontend/AST.h"

#include <string>
#include <string_view>

namespace sluice::frontend {

enum class Tok {
  End,
  Ident,
  Number,
  // keywords
  KwModel,
  KwDims,
  KwInput,
  KwParam,
  KwLet,
  KwScan,
  KwOver,
  KwReverse,
  KwInit,
  KwOutput,
  KwInf,
  KwTrue,
  KwFalse,
  // punctuation
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Equal,
  Plus,
  Minus,
  Star,
  Slash,
  At,
  // comparisons
  Less,         ///< <
  LessEqual,    ///< <=
  Greater,      ///< >
  GreaterEqual, ///< >=
  EqualEqual,   ///< ==
  NotEqual,     ///< !=
};

struct Token {
  Tok kind = Tok::End;
  ast::Loc loc;
  std::string text; ///< the source spelling (empty for End)
  double number = 0; ///< Number: its value

  bool isKeyword() const { return kind >= Tok::KwModel && kind <= Tok::KwFalse; }
  /// For messages: "'x'", "'{'", "end of file" (long spellings are cut).
  std::string describe() const;
};

/// The spelling of a token kind for messages ("'{'", "a name", ...).
const char *tokSpelling(Tok kind);

class Lexer {
public:
  /// `source` must outlive the lexer.
  explicit Lexer(std::string_view source) : src_(source) {}

  /// The next token; End (repeatedly) at the end of the input.
  Token next();

  /// Largest value an integer literal (a size, lag or `k`) may have.
  static constexpr int64_t kMaxInt = int64_t(1) << 62;
  /// Longest name (identifier) in characters: names become file names.
  static constexpr size_t kMaxIdentifierLength = 200;

private:
  void skipSpaceAndComments();
  [[noreturn]] void badChar();
  Token lexNumber();
  /// A comparison operator at the current position (`<`, `<=`, `>`, `>=`,
  /// `==`, `!=`): fills `tok`'s text, advances and sets `kind`; false (and
  /// nothing consumed) for anything else.
  bool lexComparison(Token &tok, Tok &kind);

  std::string_view src_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  uint32_t col_ = 1;
  /// Whether next() returned a token before (the end of file is then
  /// located just past it).
  bool afterToken_ = false;
};

/// Whether `s` is all decimal digits (and not empty).
bool isDigits(std::string_view s);

/// Parses a digits-only spelling; false when it exceeds Lexer::kMaxInt.
bool parseInt(std::string_view digits, int64_t &out);

} // namespace sluice::frontend

#endif // SLUICE_FRONTEND_LEXER_H
