//===- Lexer.cpp - Tokens of the model language ---------------------------===//

#include "frontend/Lexer.h"

#include "frontend/Diagnostics.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

namespace sluice::frontend {

namespace {

bool isIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isIdentChar(char c) { return isIdentStart(c) || isDigit(c); }

std::string hexByte(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", c);
  return buf;
}

struct Keyword {
  const char *text;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"model", Tok::KwModel},   {"dims", Tok::KwDims},
    {"input", Tok::KwInput},   {"param", Tok::KwParam},
    {"let", Tok::KwLet},       {"scan", Tok::KwScan},
    {"over", Tok::KwOver},     {"reverse", Tok::KwReverse},
    {"init", Tok::KwInit},     {"output", Tok::KwOutput},
    {"inf", Tok::KwInf},       {"true", Tok::KwTrue},     {"false", Tok::KwFalse},
};

/// Cuts long spellings for messages.
std::string cut(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax)
    return std::string(s);
  return std::string(s.substr(0, kMax)) + "...";
}

} // namespace

const char *tokSpelling(Tok kind) {
  switch (kind) {
  case Tok::End:
    return "end of file";
  case Tok::Ident:
    return "a name";
  case Tok::Number:
    return "a number";
  case Tok::KwModel:
    return "'model'";
  case Tok::KwDims:
    return "'dims'";
  case Tok::KwInput:
    return "'input'";
  case Tok::KwParam:
    return "'param'";
  case Tok::KwLet:
    return "'let'";
  case Tok::KwScan:
    return "'scan'";
  case Tok::KwOver:
    return "'over'";
  case Tok::KwReverse:
    return "'reverse'";
  case Tok::KwInit:
    return "'init'";
  case Tok::KwOutput:
    return "'output'";
  case Tok::KwInf:
    return "'inf'";
  case Tok::KwTrue:
    return "'true'";
  case Tok::KwFalse:
    return "'false'";
  case Tok::LBrace:
    return "'{'";
  case Tok::RBrace:
    return "'}'";
  case Tok::LParen:
    return "'('";
  case Tok::RParen:
    return "')'";
  case Tok::LBracket:
    return "'['";
  case Tok::RBracket:
    return "']'";
  case Tok::Comma:
    return "','";
  case Tok::Colon:
    return "':'";
  case Tok::Equal:
    return "'='";
  case Tok::Plus:
    return "'+'";
  case Tok::Minus:
    return "'-'";
  case Tok::Star:
    return "'*'";
  case Tok::Slash:
    return "'/'";
  case Tok::At:
    return "'@'";
  case Tok::Less:
    return "'<'";
  case Tok::LessEqual:
    return "'<='";
  case Tok::Greater:
    return "'>'";
  case Tok::GreaterEqual:
    return "'>='";
  case Tok::EqualEqual:
    return "'=='";
  case Tok::NotEqual:
    return "'!='";
  }
  return "?";
}

std::string Token::describe() const {
  if (kind == Tok::End)
    return "end of file";
  return "'" + cut(text) + "'";
}

bool isDigits(std::string_view s) {
  if (s.empty())
    return false;
  for (char c : s)
    if (!isDigit(c))
      return false;
  return true;
}

bool parseInt(std::string_view digits, int64_t &out) {
  int64_t v = 0;
  for (char c : digits) {
    int64_t d = c - '0';
    if (v > (Lexer::kMaxInt - d) / 10)
      return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

void Lexer::badChar() {
  ast::Loc loc{line_, col_};
  unsigned char c = static_cast<unsigned char>(src_[pos_]);
  if (c == 0)
    throw SourceError(loc, "NUL byte in the source");
  if (c >= 0x80)
    throw SourceError(loc, "non-ASCII character outside a comment (byte " +
                               hexByte(c) + ")");
  if (c < 0x20 || c == 0x7f)
    throw SourceError(loc, "unexpected control character (byte " +
                               hexByte(c) + ")");
  throw SourceError(loc, std::string("unexpected character '") +
                             static_cast<char>(c) + "'");
}

void Lexer::skipSpaceAndComments() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '\n') {
      ++pos_;
      ++line_;
      col_ = 1;
    } else if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
      ++col_;
    } else if (c == '#') {
      // A comment: anything but NUL up to the end of the line. Columns count
      // characters, so UTF-8 continuation bytes do not advance them.
      while (pos_ < src_.size() && src_[pos_] != '\n') {
        unsigned char b = static_cast<unsigned char>(src_[pos_]);
        if (b == 0)
          badChar();
        if ((b & 0xC0) != 0x80)
          ++col_;
        ++pos_;
      }
    } else {
      return;
    }
  }
}

Token Lexer::lexNumber() {
  Token tok;
  tok.kind = Tok::Number;
  tok.loc = {line_, col_};
  size_t start = pos_;
  size_t n = src_.size();
  auto malformed = [&]() {
    // Show the whole run of number-like characters.
    size_t e = start;
    while (e < n) {
      char c = src_[e];
      if (isIdentChar(c) || c == '.') {
        ++e;
      } else if ((c == '+' || c == '-') && e > start &&
                 (src_[e - 1] == 'e' || src_[e - 1] == 'E') &&
                 isDigit(src_[start])) {
        ++e;
      } else {
        break;
      }
    }
    throw SourceError(tok.loc,
                      "malformed number '" + cut(src_.substr(start, e - start)) + "'");
  };
  if (!isDigit(src_[pos_]))
    malformed(); // ".5"
  size_t p = pos_;
  while (p < n && isDigit(src_[p]))
    ++p;
  if (p < n && src_[p] == '.') {
    if (p + 1 >= n || !isDigit(src_[p + 1]))
      malformed(); // "1."
    ++p;
    while (p < n && isDigit(src_[p]))
      ++p;
  }
  if (p < n && (src_[p] == 'e' || src_[p] == 'E')) {
    size_t q = p + 1;
    if (q < n && (src_[q] == '+' || src_[q] == '-'))
      ++q;
    if (q >= n || !isDigit(src_[q]))
      malformed(); // "1e", "1e+"
    p = q;
    while (p < n && isDigit(src_[p]))
      ++p;
  }
  if (p < n && (isIdentChar(src_[p]) || src_[p] == '.'))
    malformed(); // "2x", "1.2.3"
  tok.text = std::string(src_.substr(start, p - start));
  double value = 0;
  auto res = std::from_chars(tok.text.data(), tok.text.data() + tok.text.size(),
                             value);
  if (res.ec == std::errc::result_out_of_range) {
    // Overflow is an error; underflow reads as zero. The decimal magnitude
    // decides which one it was.
    int64_t mag = 0;
    size_t i = 0;
    size_t len = tok.text.size();
    while (i < len && tok.text[i] == '0')
      ++i;
    int64_t intDigits = 0;
    while (i < len && isDigit(tok.text[i])) {
      ++intDigits;
      ++i;
    }
    mag = intDigits;
    if (intDigits == 0 && i < len && tok.text[i] == '.') {
      ++i;
      while (i < len && tok.text[i] == '0') {
        --mag;
        ++i;
      }
    }
    size_t epos = tok.text.find_first_of("eE");
    if (epos != std::string::npos) {
      size_t j = epos + 1;
      bool neg = false;
      if (tok.text[j] == '+' || tok.text[j] == '-')
        neg = tok.text[j++] == '-';
      int64_t ev = 0;
      for (; j < len; ++j)
        ev = std::min<int64_t>(ev * 10 + (tok.text[j] - '0'), int64_t(1) << 40);
      mag += neg ? -ev : ev;
    }
    if (mag > 0)
      throw SourceError(tok.loc, "number '" + cut(tok.text) +
                                     "' is too large");
    value = 0;
  } else if (res.ec != std::errc()) {
    malformed();
  }
  tok.number = value;
  col_ += static_cast<uint32_t>(p - pos_);
  pos_ = p;
  return tok;
}

bool Lexer::lexComparison(Token &tok, Tok &kind) {
  char c = src_[pos_];
  bool eq = pos_ + 1 < src_.size() && src_[pos_ + 1] == '=';
  switch (c) {
  case '<':
    kind = eq ? Tok::LessEqual : Tok::Less;
    break;
  case '>':
    kind = eq ? Tok::GreaterEqual : Tok::Greater;
    break;
  case '=':
    if (!eq)
      return false; // a plain '='
    kind = Tok::EqualEqual;
    break;
  case '!':
    if (!eq)
      throw SourceError({line_, col_}, "unexpected character '!' (the only "
                                       "operator with '!' is '!=')");
    kind = Tok::NotEqual;
    break;
  default:
    return false;
  }
  size_t n = eq ? 2 : 1;
  tok.text = std::string(src_.substr(pos_, n));
  pos_ += n;
  col_ += static_cast<uint32_t>(n);
  return true;
}

Token Lexer::next() {
  // (The end of file is reported just past the last token, on a line the
  // message can show, not on the empty line after the final newline.)
  ast::Loc afterPrevious = {line_, col_};
  skipSpaceAndComments();
  Token tok;
  tok.loc = {line_, col_};
  if (pos_ >= src_.size()) {
    tok.kind = Tok::End;
    if (afterToken_)
      tok.loc = afterPrevious;
    return tok;
  }
  afterToken_ = true;
  char c = src_[pos_];
  if (isIdentStart(c)) {
    size_t p = pos_;
    while (p < src_.size() && isIdentChar(src_[p]))
      ++p;
    // Names become file names (an output's NAME.npy, a saved input's), so
    // they stay well inside the usual 255-byte limit of one.
    if (p - pos_ > kMaxIdentifierLength)
      throw SourceError(tok.loc, "a name of " + std::to_string(p - pos_) +
                                     " characters; names have at most " +
                                     std::to_string(kMaxIdentifierLength));
    tok.text = std::string(src_.substr(pos_, p - pos_));
    tok.kind = Tok::Ident;
    for (const Keyword &k : kKeywords)
      if (tok.text == k.text)
        tok.kind = k.kind;
    col_ += static_cast<uint32_t>(p - pos_);
    pos_ = p;
    return tok;
  }
  if (isDigit(c) || (c == '.' && pos_ + 1 < src_.size() && isDigit(src_[pos_ + 1])))
    return lexNumber();
  if (Tok cmp; lexComparison(tok, cmp)) {
    tok.kind = cmp;
    return tok;
  }
  Tok kind;
  switch (c) {
  case '{':
    kind = Tok::LBrace;
    break;
  case '}':
    kind = Tok::RBrace;
    break;
  case '(':
    kind = Tok::LParen;
    break;
  case ')':
    kind = Tok::RParen;
    break;
  case '[':
    kind = Tok::LBracket;
    break;
  case ']':
    kind = Tok::RBracket;
    break;
  case ',':
    kind = Tok::Comma;
    break;
  case ':':
    kind = Tok::Colon;
    break;
  case '=':
    kind = Tok::Equal;
    break;
  case '+':
    kind = Tok::Plus;
    break;
  case '-':
    kind = Tok::Minus;
    break;
  case '*':
    kind = Tok::Star;
    break;
  case '/':
    kind = Tok::Slash;
    break;
  case '@':
    kind = Tok::At;
    break;
  default:
    badChar();
  }
  tok.kind = kind;
  tok.text = std::string(1, c);
  ++pos_;
  ++col_;
  return tok;
}

} // namespace sluice::frontend
