//===- Json.h - A small JSON reader and writer for manifests ----*- C++ -*-===//
//
// Just enough JSON for artifact manifests (runtime/Artifact.h): objects,
// arrays, strings, booleans, null and numbers. Integers are kept exactly as
// int64 (sizes, INT64_MAX guard bounds); a number with a fraction or an
// exponent is an error, since manifests hold none. Pure C++17.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_JSON_H
#define SLUICE_RUNTIME_JSON_H

#include "runtime/Error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime::json {

/// A malformed document, or a value of the wrong kind; the message says
/// where (line:col for syntax, the member path for structure).
class JsonError : public Error {
public:
  using Error::Error;
};

/// One JSON value. Accessors throw JsonError naming `path` (e.g.
/// "steps[3].range") when the value is not of the expected kind.
class Value {
public:
  enum class Kind { Null, Bool, Integer, String, Array, Object };

  Kind kind() const { return kind_; }
  /// Where this value sits in the document ("" for the root).
  const std::string &path() const { return path_; }

  bool asBool() const;
  int64_t asInt() const;
  /// asInt, checked to fit in int32.
  int32_t asInt32() const;
  const std::string &asString() const;
  const std::vector<Value> &asArray() const;
  /// The member `key` of an object; throws JsonError when it is missing.
  const Value &at(const std::string &key) const;
  /// Whether an object has member `key`.
  bool has(const std::string &key) const;

private:
  friend class Parser;
  Kind kind_ = Kind::Null;
  std::string path_;
  bool boolean_ = false;
  int64_t integer_ = 0;
  std::string string_;
  std::vector<Value> array_;
  std::map<std::string, Value> object_;
  void expect(Kind kind, const char *what) const;
};

/// Parses a whole document; throws JsonError ("line L, column C: ...").
Value parse(const std::string &text);

/// `text` as a JSON string literal, quotes included.
std::string quote(const std::string &text);

} // namespace sluice::runtime::json

#endif // SLUICE_RUNTIME_JSON_H
