//===- Npy.cpp - NumPy .npy files -----------------------------------------===//
//
// The format: the magic "\x93NUMPY", a major and minor version byte, the
// header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then
// the header, a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and a newline, then the raw elements.
//
//===----------------------------------------------------------------------===//

#include "runtime/Npy.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

namespace sluice::runtime {

static_assert(sizeof(float) == 4 && sizeof(double) == 8, "IEEE floats");

namespace {

const char kMagic[] = "\x93NUMPY";
constexpr size_t kMagicSize = 6;

/// The parsed header dict.
struct Header {
  std::string descr;
  bool fortranOrder = false;
  std::vector<int64_t> shape;
  bool hasDescr = false, hasOrder = false, hasShape = false;
};

/// A cursor over the header text; every failure names the file.
class HeaderParser {
public:
  HeaderParser(const std::string &text, const std::string &name)
      : text(text), name(name) {}

  Header parse() {
    Header h;
    expect('{');
    while (true) {
      skipSpace();
      if (peek() == '}')
        break;
      std::string key = parseString();
      expect(':');
      skipSpace();
      if (key == "descr") {
        if (peek() != '\'' && peek() != '"')
          fail("the 'descr' entry is not a plain dtype string (structured "
               "dtypes are not supported)");
        h.descr = parseString();
        h.hasDescr = true;
      } else if (key == "fortran_order") {
        h.fortranOrder = parseBool();
        h.hasOrder = true;
      } else if (key == "shape") {
        h.shape = parseTuple();
        h.hasShape = true;
      } else {
        fail("unexpected key '" + key + "' in the header");
      }
      skipSpace();
      if (peek() == ',')
        ++pos;
    }
    if (!h.hasDescr || !h.hasOrder || !h.hasShape)
      fail("the header lacks 'descr', 'fortran_order' or 'shape'");
    return h;
  }

private:
  [[noreturn]] void fail(const std::string &what) {
    throw NpyError(name + ": malformed .npy header: " + what);
  }
  char peek() { return pos < text.size() ? text[pos] : '\0'; }
  void skipSpace() {
    while (pos < text.size() &&
           std::isspace(static_cast<unsigned char>(text[pos])))
      ++pos;
  }
  void expect(char c) {
    skipSpace();
    if (peek() != c)
      fail(std::string("expected '") + c + "' at offset " +
           std::to_string(pos));
    ++pos;
  }
  std::string parseString() {
    skipSpace();
    char quote = peek();
    if (quote != '\'' && quote != '"')
      fail("expected a quoted string at offset " + std::to_string(pos));
    size_t end = text.find(quote, pos + 1);
    if (end == std::string::npos)
      fail("unterminated string");
    std::string s = text.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    return s;
  }
  bool parseBool() {
    if (text.compare(pos, 4, "True") == 0) {
      pos += 4;
      return true;
    }
    if (text.compare(pos, 5, "False") == 0) {
      pos += 5;
      return false;
    }
    fail("'fortran_order' must be True or False");
  }
  std::vector<int64_t> parseTuple() {
    std::vector<int64_t> dims;
    expect('(');
    while (true) {
      skipSpace();
      if (peek() == ')') {
        ++pos;
        return dims;
      }
      if (!std::isdigit(static_cast<unsigned char>(peek())))
        fail("'shape' must be a tuple of non-negative integers");
      int64_t d = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        if (d > (int64_t(1) << 50))
          fail("a dim of 'shape' is too large");
        d = d * 10 + (text[pos++] - '0');
      }
      if (peek() == 'L') // written by Python 2
        ++pos;
      dims.push_back(d);
      skipSpace();
      if (peek() == ',')
        ++pos;
      else if (peek() != ')')
        fail("expected ',' or ')' in 'shape'");
    }
  }

  const std::string &text;
  const std::string &name;
  size_t pos = 0;
};

/// The dtype of a descr such as '<f4'; throws for anything else.
DType dtypeOfDescr(const std::string &descr, const std::string &name) {
  if (descr.size() >= 2 && descr[0] == '>')
    throw NpyError(name + ": big-endian dtype '" + descr +
                   "' is not supported (write little-endian '<f4' or '<f8')");
  // '=' is native order, little-endian on every host sluice supports.
  if (descr.size() == 3 && (descr[0] == '<' || descr[0] == '=') &&
      descr[1] == 'f') {
    if (descr[2] == '2')
      return DType::F16;
    if (descr[2] == '4')
      return DType::F32;
    if (descr[2] == '8')
      return DType::F64;
  }
  throw NpyError(name + ": dtype '" + descr +
                 "' is not supported (sluice reads float16, float32 and "
                 "float64: '<f2', '<f4', '<f8')");
}

const char *descrOf(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "<f2";
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::BF16:
    break;
  }
  return nullptr;
}

uint32_t readLE(const std::string &bytes, size_t at, size_t count) {
  uint32_t v = 0;
  for (size_t i = 0; i < count; ++i)
    v |= static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + i]))
         << (8 * i);
  return v;
}

/// The longest header sluice reads (NumPy writes a few hundred bytes).
constexpr size_t kMaxHeaderLength = size_t(1) << 20;

/// Checks the magic and version at the start of `bytes` (at least its first
/// 8 bytes when the file has them); returns how many bytes hold the header
/// length. Throws NpyError naming `name`.
size_t checkMagicAndVersion(const std::string &bytes, const std::string &name) {
  if (bytes.size() < kMagicSize || bytes.compare(0, kMagicSize, kMagic) != 0)
    throw NpyError(name + ": not a .npy file (bad magic; expected \\x93NUMPY)");
  if (bytes.size() < kMagicSize + 2)
    throw NpyError(name + ": truncated .npy file (no version)");
  int major = static_cast<unsigned char>(bytes[6]);
  int minor = static_cast<unsigned char>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0)
    throw NpyError(name + ": unsupported .npy version " +
                   std::to_string(major) + "." + std::to_string(minor) +
                   " (sluice reads 1.0, 2.0, 3.0)");
  return major == 1 ? 2 : 4;
}

/// Checks the prelude (magic, version, header length) at the start of
/// `bytes`; returns the offset of the header text and sets `headerLength`.
size_t checkPrelude(const std::string &bytes, const std::string &name,
                    size_t &headerLength) {
  size_t lengthBytes = checkMagicAndVersion(bytes, name);
  size_t headerStart = kMagicSize + 2 + lengthBytes;
  if (bytes.size() < headerStart)
    throw NpyError(name + ": truncated .npy file (no header length)");
  headerLength = readLE(bytes, kMagicSize + 2, lengthBytes);
  if (headerLength > kMaxHeaderLength)
    throw NpyError(name + ": the .npy header announces " +
                   std::to_string(headerLength) + " bytes (sluice reads at most " +
                   std::to_string(kMaxHeaderLength) + ")");
  return headerStart;
}

/// What the header says: the dtype, the shape and the bytes of data.
struct Layout {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  int64_t dataBytes = 0;
};

/// Parses and checks the header text; throws NpyError naming `name`.
Layout layoutOf(const std::string &text, const std::string &name) {
  Header header = HeaderParser(text, name).parse();
  Layout layout;
  layout.dtype = dtypeOfDescr(header.descr, name);
  if (header.fortranOrder)
    throw NpyError(name + ": fortran_order arrays are not supported (save a "
                          "C-order array, e.g. numpy.ascontiguousarray)");
  layout.shape = header.shape;
  try {
    layout.dataBytes = byteSizeOf(layout.dtype, layout.shape,
                                  std::string(dtypeName(layout.dtype)));
  } catch (const Error &e) {
    throw NpyError(name + ": " + e.what());
  }
  return layout;
}

/// The errors for `have` bytes of data where the header announces `layout`.
void checkDataSize(const Layout &layout, uint64_t have, const std::string &name) {
  auto need = static_cast<uint64_t>(layout.dataBytes);
  if (have < need)
    throw NpyError(name + ": truncated data: shape " +
                   shapeToString(layout.shape) + " of " +
                   dtypeName(layout.dtype) + " needs " + std::to_string(need) +
                   " bytes, the file has " + std::to_string(have));
  if (have > need)
    throw NpyError(name + ": " + std::to_string(have - need) +
                   " unexpected bytes after the data of shape " +
                   shapeToString(layout.shape));
}

/// An owned tensor for `layout`; allocation failures name the file.
Tensor allocateFor(const Layout &layout, const std::string &name) {
  try {
    return Tensor::uninitialized(layout.dtype, layout.shape, name);
  } catch (const Error &e) {
    throw NpyError(name + ": " + e.what());
  }
}

/// Reads up to `count` bytes of `fd` into `out`; returns how many it read
/// (fewer only at the end of the file). Throws NpyError on a read error.
size_t readUpTo(int fd, char *out, size_t count, const std::string &name) {
  size_t got = 0;
  while (got < count) {
    ssize_t n = ::read(fd, out + got, std::min<size_t>(count - got, size_t(1) << 30));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      throw NpyError(name + ": read error: " + std::strerror(errno));
    if (n == 0)
      break;
    got += static_cast<size_t>(n);
  }
  return got;
}

/// Appends up to `count` bytes of `fd` to `bytes`; returns how many.
size_t appendUpTo(int fd, std::string &bytes, size_t count,
                  const std::string &name) {
  size_t old = bytes.size();
  bytes.resize(old + count);
  size_t got = readUpTo(fd, &bytes[old], count, name);
  bytes.resize(old + got);
  return got;
}

/// Closes a file descriptor when it goes out of scope.
struct FileCloser {
  int fd;
  ~FileCloser() { ::close(fd); }
};
} // namespace

Tensor decodeNpy(const std::string &bytes, const std::string &name) {
  size_t headerLength = 0;
  size_t headerStart = checkPrelude(bytes, name, headerLength);
  if (bytes.size() < headerStart + headerLength)
    throw NpyError(name + ": truncated .npy header (" +
                   std::to_string(headerLength) + " bytes announced, " +
                   std::to_string(bytes.size() - headerStart) + " present)");
  Layout layout = layoutOf(bytes.substr(headerStart, headerLength), name);
  size_t dataStart = headerStart + headerLength;
  checkDataSize(layout, bytes.size() - dataStart, name);
  Tensor tensor = allocateFor(layout, name);
  if (layout.dataBytes)
    std::memcpy(tensor.data(), bytes.data() + dataStart,
                static_cast<size_t>(layout.dataBytes));
  return tensor;
}

Tensor readNpy(const std::string &path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    throw NpyError(path + ": cannot open: " + std::strerror(errno));
  FileCloser closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0)
    throw NpyError(path + ": cannot stat: " + std::strerror(errno));
  if (S_ISDIR(info.st_mode))
    throw NpyError(path + ": is a directory, not a .npy file");
  // The prelude and the header first: nothing is allocated for the data, and
  // nothing past the header is read, until they are known to be valid (a
  // stream such as /dev/zero fails on its magic).
  std::string head;
  appendUpTo(fd, head, kMagicSize + 2, path);
  appendUpTo(fd, head, checkMagicAndVersion(head, path), path);
  size_t headerLength = 0;
  size_t headerStart = checkPrelude(head, path, headerLength);
  size_t gotHeader = appendUpTo(fd, head, headerLength, path);
  if (gotHeader < headerLength)
    throw NpyError(path + ": truncated .npy header (" +
                   std::to_string(headerLength) + " bytes announced, " +
                   std::to_string(gotHeader) + " present)");
  Layout layout = layoutOf(head.substr(headerStart, headerLength), path);
  size_t dataStart = headerStart + headerLength;
  bool regular = S_ISREG(info.st_mode);
  if (regular) // the size check before any allocation
    checkDataSize(layout,
                  static_cast<uint64_t>(info.st_size) -
                      std::min<uint64_t>(static_cast<uint64_t>(info.st_size), dataStart),
                  path);
  Tensor tensor = allocateFor(layout, path);
  auto need = static_cast<size_t>(layout.dataBytes);
  size_t got = readUpTo(fd, static_cast<char *>(tensor.data()), need, path);
  char extra = 0;
  size_t more = readUpTo(fd, &extra, 1, path);
  if (got < need)
    checkDataSize(layout, got, path);
  if (more)
    throw NpyError(path + ": unexpected bytes after the data of shape " +
                   shapeToString(layout.shape));
  return tensor;
}

std::string encodeNpy(const Tensor &tensor) {
  const char *descr = descrOf(tensor.dtype());
  if (!descr)
    throw NpyError(std::string("cannot write ") + dtypeName(tensor.dtype()) +
                   " as .npy (NumPy has no such dtype; convert to f32)");
  std::string shape = "(";
  for (int64_t i = 0; i < tensor.rank(); ++i)
    shape += (i ? ", " : "") + std::to_string(tensor.dim(i));
  shape += tensor.rank() == 1 ? ",)" : ")"; // Python's one-element tuple
  std::string header = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad with spaces so the data starts on a 64-byte boundary; end with '\n'.
  size_t prefix = kMagicSize + 2 + 2;
  int major = 1;
  if (header.size() + 1 + 64 > 65535) {
    prefix = kMagicSize + 2 + 4;
    major = 2;
  }
  size_t total = (prefix + header.size() + 1 + 63) / 64 * 64;
  header.append(total - prefix - header.size() - 1, ' ');
  header += '\n';

  std::string out(kMagic, kMagicSize);
  out += static_cast<char>(major);
  out += '\0';
  for (size_t i = 0; i < prefix - kMagicSize - 2; ++i)
    out += static_cast<char>((header.size() >> (8 * i)) & 0xFF);
  out += header;
  Tensor contiguous = tensor.isContiguous() ? tensor : tensor.clone();
  out.append(static_cast<const char *>(contiguous.data()),
             static_cast<size_t>(contiguous.numElements()) *
                 dtypeSize(contiguous.dtype()));
  return out;
}

void writeNpy(const std::string &path, const Tensor &tensor) {
  std::string bytes;
  try {
    bytes = encodeNpy(tensor);
  } catch (const NpyError &e) {
    throw NpyError(path + ": " + e.what());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw NpyError(path + ": cannot write: " + std::strerror(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out)
    throw NpyError(path + ": write error");
}

} // namespace sluice::runtime
