//===- Json.cpp - A small JSON reader and writer for manifests ------------===//

#include "runtime/Json.h"

#include <cstdio>

namespace sluice::runtime::json {

namespace {
const char *kindName(Value::Kind kind) {
  switch (kind) {
  case Value::Kind::Null:
    return "null";
  case Value::Kind::Bool:
    return "a boolean";
  case Value::Kind::Integer:
    return "an integer";
  case Value::Kind::String:
    return "a string";
  case Value::Kind::Array:
    return "an array";
  case Value::Kind::Object:
    return "an object";
  }
  return "a value";
}

/// The deepest nesting accepted (a corrupt file must not exhaust the stack).
constexpr int kMaxDepth = 64;
} // namespace

void Value::expect(Kind kind, const char *what) const {
  if (kind_ != kind)
    throw JsonError("'" + (path_.empty() ? std::string("(root)") : path_) +
                    "' must be " + what + ", got " + kindName(kind_));
}

bool Value::asBool() const {
  expect(Kind::Bool, "a boolean");
  return boolean_;
}

int64_t Value::asInt() const {
  expect(Kind::Integer, "an integer");
  return integer_;
}

int32_t Value::asInt32() const {
  int64_t v = asInt();
  if (v < INT32_MIN || v > INT32_MAX)
    throw JsonError("'" + path_ + "' is out of range: " + std::to_string(v));
  return static_cast<int32_t>(v);
}

const std::string &Value::asString() const {
  expect(Kind::String, "a string");
  return string_;
}

const std::vector<Value> &Value::asArray() const {
  expect(Kind::Array, "an array");
  return array_;
}

bool Value::has(const std::string &key) const {
  expect(Kind::Object, "an object");
  return object_.count(key) != 0;
}

const Value &Value::at(const std::string &key) const {
  expect(Kind::Object, "an object");
  auto it = object_.find(key);
  if (it == object_.end())
    throw JsonError("'" + (path_.empty() ? std::string("(root)") : path_) +
                    "' has no member '" + key + "'");
  return it->second;
}

/// Recursive descent over the text.
class Parser {
public:
  explicit Parser(const std::string &text) : text(text) {}

  Value document() {
    Value v = value("", 0);
    skipSpace();
    if (pos != text.size())
      fail("unexpected text after the document");
    return v;
  }

private:
  const std::string &text;
  size_t pos = 0;

  [[noreturn]] void fail(const std::string &message) const {
    int line = 1, column = 1;
    for (size_t i = 0; i < pos && i < text.size(); ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    throw JsonError("line " + std::to_string(line) + ", column " +
                    std::to_string(column) + ": " + message);
  }

  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                 text[pos] == '\t' || text[pos] == '\r'))
      ++pos;
  }

  bool consume(char c) {
    skipSpace();
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }

  void require(char c) {
    if (!consume(c))
      fail(std::string("expected '") + c + "'");
  }

  bool keyword(const char *word) {
    size_t n = std::char_traits<char>::length(word);
    if (text.compare(pos, n, word) == 0) {
      pos += n;
      return true;
    }
    return false;
  }

  Value value(const std::string &path, int depth) {
    if (depth > kMaxDepth)
      fail("nesting deeper than " + std::to_string(kMaxDepth));
    skipSpace();
    if (pos >= text.size())
      fail("unexpected end of the document");
    Value v;
    v.path_ = path;
    char c = text[pos];
    if (c == '{') {
      ++pos;
      v.kind_ = Value::Kind::Object;
      if (consume('}'))
        return v;
      do {
        skipSpace();
        size_t keyStart = pos;
        std::string key = string();
        if (v.object_.count(key)) {
          pos = keyStart; // point at it
          fail("duplicate member '" + key + "'");
        }
        require(':');
        std::string member = path.empty() ? key : path + "." + key;
        v.object_.emplace(key, value(member, depth + 1));
      } while (consume(','));
      require('}');
    } else if (c == '[') {
      ++pos;
      v.kind_ = Value::Kind::Array;
      if (consume(']'))
        return v;
      do {
        v.array_.push_back(value(
            path + "[" + std::to_string(v.array_.size()) + "]", depth + 1));
      } while (consume(','));
      require(']');
    } else if (c == '"') {
      v.kind_ = Value::Kind::String;
      v.string_ = string();
    } else if (keyword("true") || keyword("false")) {
      v.kind_ = Value::Kind::Bool;
      v.boolean_ = c == 't';
    } else if (keyword("null")) {
      v.kind_ = Value::Kind::Null;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind_ = Value::Kind::Integer;
      v.integer_ = integer();
    } else {
      fail(std::string("unexpected character '") + c + "'");
    }
    return v;
  }

  int64_t integer() {
    bool negative = text[pos] == '-';
    if (negative)
      ++pos;
    if (pos >= text.size() || text[pos] < '0' || text[pos] > '9')
      fail("expected a digit");
    uint64_t magnitude = 0;
    uint64_t limit = negative ? uint64_t(INT64_MAX) + 1 : uint64_t(INT64_MAX);
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      uint64_t digit = static_cast<uint64_t>(text[pos] - '0');
      if (magnitude > (limit - digit) / 10)
        fail("integer out of the range of int64");
      magnitude = magnitude * 10 + digit;
      ++pos;
    }
    if (pos < text.size() &&
        (text[pos] == '.' || text[pos] == 'e' || text[pos] == 'E'))
      fail("only integers are expected in a manifest");
    if (negative)
      return magnitude == uint64_t(INT64_MAX) + 1
                 ? INT64_MIN
                 : -static_cast<int64_t>(magnitude);
    return static_cast<int64_t>(magnitude);
  }

  std::string string() {
    if (pos >= text.size() || text[pos] != '"')
      fail("expected a string");
    ++pos;
    std::string out;
    for (;;) {
      if (pos >= text.size())
        fail("unterminated string");
      char c = text[pos++];
      if (c == '"')
        return out;
      if (static_cast<unsigned char>(c) < 0x20) {
        --pos; // point at it
        fail("a control character in a string");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos >= text.size())
        fail("unterminated string");
      char e = text[pos++];
      switch (e) {
      case '"':
      case '\\':
      case '/':
        out += e;
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
          if (pos >= text.size())
            fail("unterminated \\u escape");
          char h = text[pos++];
          code <<= 4;
          if (h >= '0' && h <= '9')
            code |= h - '0';
          else if (h >= 'a' && h <= 'f')
            code |= h - 'a' + 10;
          else if (h >= 'A' && h <= 'F')
            code |= h - 'A' + 10;
          else {
            --pos; // point at it
            fail("bad \\u escape");
          }
        }
        // UTF-8 of a code point of the basic plane (what quote() writes).
        if (code < 0x80) {
          out += static_cast<char>(code);
        } else if (code < 0x800) {
          out += static_cast<char>(0xC0 | (code >> 6));
          out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (code >> 12));
          out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (code & 0x3F));
        }
        break;
      }
      default:
        fail(std::string("bad escape '\\") + e + "'");
      }
    }
  }
};

Value parse(const std::string &text) { return Parser(text).document(); }

std::string quote(const std::string &text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
    case '"':
      out += "\\\"";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
        out += buf;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

} // namespace sluice::runtime::json
