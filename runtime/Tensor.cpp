//===- Tensor.cpp - Host tensors of the runtime ---------------------------===//

#include "runtime/Tensor.h"

#include "runtime/HostBlockPool.h"

#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace sluice::runtime {

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F16:
  case DType::BF16:
    return 2;
  case DType::F32:
    return 4;
  case DType::F64:
    return 8;
  }
  return 0;
}

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F16:
    return "f16";
  case DType::BF16:
    return "bf16";
  case DType::F32:
    return "f32";
  case DType::F64:
    return "f64";
  }
  return "?";
}

bool parseDType(const std::string &name, DType &dtype) {
  for (DType d : {DType::F16, DType::BF16, DType::F32, DType::F64})
    if (name == dtypeName(d)) {
      dtype = d;
      return true;
    }
  return false;
}

namespace {
/// Rounds `x` to a binary format with `mantBits` explicit mantissa bits,
/// smallest normal exponent `minExp` and largest finite value `maxFinite`
/// (round to nearest, ties to even; subnormals keep the quantum of minExp).
double roundToFormat(double x, int mantBits, int minExp, double maxFinite) {
  if (!std::isfinite(x) || x == 0)
    return x;
  int e = 0;
  std::frexp(x, &e); // |x| is in [2^(e-1), 2^e)
  int exponent = std::max(e - 1, minExp);
  double quantum = std::ldexp(1.0, exponent - mantBits);
  // x / quantum is exact (a power-of-two scaling); nearbyint rounds to even.
  double r = std::nearbyint(x / quantum) * quantum;
  if (std::fabs(r) > maxFinite)
    return std::copysign(INFINITY, x);
  return r;
}
} // namespace

double roundTo(DType dtype, double value) {
  switch (dtype) {
  case DType::F16:
    return roundToFormat(value, 10, -14, 65504.0);
  case DType::BF16:
    return roundToFormat(value, 7, -126, std::ldexp(255.0, 120));
  case DType::F32:
    return roundToFormat(value, 23, -126, FLT_MAX);
  case DType::F64:
    return value;
  }
  return value;
}

uint16_t halfFromDouble(double value) {
  double r = roundTo(DType::F16, value);
  uint16_t sign = std::signbit(r) ? 0x8000 : 0;
  if (std::isnan(r))
    return sign | 0x7E00;
  if (std::isinf(r))
    return sign | 0x7C00;
  double a = std::fabs(r);
  if (a < std::ldexp(1.0, -14)) // subnormal (or zero): a multiple of 2^-24
    return sign | static_cast<uint16_t>(std::ldexp(a, 24));
  int e = 0;
  std::frexp(a, &e);
  int exponent = e - 1;
  auto mantissa =
      static_cast<uint16_t>(std::ldexp(std::ldexp(a, -exponent) - 1.0, 10));
  return sign | static_cast<uint16_t>((exponent + 15) << 10) | mantissa;
}

float halfToFloat(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1F;
  int mantissa = bits & 0x3FF;
  double magnitude;
  if (exponent == 0)
    magnitude = std::ldexp(static_cast<double>(mantissa), -24);
  else if (exponent == 31)
    magnitude = mantissa ? NAN : INFINITY;
  else
    magnitude = std::ldexp(static_cast<double>(1024 + mantissa), exponent - 25);
  return static_cast<float>((bits & 0x8000) ? -magnitude : magnitude);
}

uint16_t bf16FromDouble(double value) {
  double r = roundTo(DType::BF16, value);
  if (std::isnan(r))
    return (std::signbit(r) ? 0x8000 : 0) | 0x7FC0;
  float f = static_cast<float>(r); // exact: r is a bfloat16 value
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  return static_cast<uint16_t>(bits >> 16);
}

float bf16ToFloat(uint16_t bits) {
  uint32_t wide = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &wide, 4);
  return f;
}

std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  // Unsigned: wraps instead of overflowing for an empty tensor with huge
  // sizes (whose strides are never used).
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = static_cast<int64_t>(static_cast<uint64_t>(strides[i]) *
                                          static_cast<uint64_t>(shape[i]));
  return strides;
}

bool multiplySizes(int64_t a, int64_t b, int64_t &product) {
  return !__builtin_mul_overflow(a, b, &product);
}

namespace {
/// Throws Error when `shape` has a negative size.
void checkNonNegative(const std::vector<int64_t> &shape) {
  for (int64_t d : shape)
    if (d < 0)
      throw Error("tensor shape " + shapeToString(shape) +
                  " has a negative size");
}

/// The product of `shape`'s sizes, or false when it overflows int64.
bool productOf(const std::vector<int64_t> &shape, int64_t &n) {
  n = 1;
  if (std::find(shape.begin(), shape.end(), 0) != shape.end()) {
    n = 0; // no elements, however large the other sizes
    return true;
  }
  for (int64_t d : shape)
    if (!multiplySizes(n, d, n))
      return false;
  return true;
}

/// "16 GiB": `bytes` in the largest binary unit that leaves at least 1.
std::string humanBytes(uint64_t bytes) {
  const char *units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit ? "%.1f %s" : "%.0f %s", value,
                units[unit]);
  return text;
}

/// "a f32 tensor of shape [2, 3]", or `what` when given.
std::string describe(DType dtype, const std::vector<int64_t> &shape,
                     const std::string &what) {
  return (what.empty() ? std::string("a tensor") : what) + " (" +
         dtypeName(dtype) + ", shape " + shapeToString(shape) + ")";
}
} // namespace

Error allocationError(uint64_t bytes, const std::string &what) {
  return Error("could not allocate " + std::to_string(bytes) + " bytes (" +
               humanBytes(bytes) + ") for " + what);
}

int64_t numElementsOf(const std::vector<int64_t> &shape) {
  checkNonNegative(shape);
  int64_t n = 1;
  if (!productOf(shape, n))
    throw Error("shape " + shapeToString(shape) +
                " has more than 2^63 elements");
  return n;
}

int64_t byteSizeOf(DType dtype, const std::vector<int64_t> &shape,
                   const std::string &what) {
  checkNonNegative(shape);
  int64_t n = 1, bytes = 0;
  if (!productOf(shape, n) ||
      !multiplySizes(n, static_cast<int64_t>(dtypeSize(dtype)), bytes))
    throw Error("shape " + shapeToString(shape) +
                (what.empty() ? "" : " of " + what) +
                " has more than 2^63 bytes");
  return bytes;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)) {
  auto bytes = static_cast<size_t>(byteSizeOf(dtype, shape_));
  strides_ = contiguousStrides(shape_);
  // calloc: large blocks come zeroed from the system, untouched until used.
  // The data starts on a cache line (calloc gives 16 bytes): rows of a
  // kernel's vector loads then do not straddle lines (GLA on data from a
  // .npy file ran 2x slower with 16-byte alignment).
  constexpr size_t kLine = 64;
  void *memory = std::calloc((bytes ? bytes : 1) + kLine - 1, 1);
  if (!memory)
    throw allocationError(bytes, describe(dtype, shape_, ""));
  owned = std::shared_ptr<std::byte[]>(static_cast<std::byte *>(memory),
                                       [](std::byte *p) { std::free(p); });
  auto address = reinterpret_cast<std::uintptr_t>(memory);
  base = owned.get() + ((kLine - address % kLine) % kLine);
  null = false;
}

Tensor Tensor::uninitialized(DType dtype, std::vector<int64_t> shape,
                             const std::string &what) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  auto bytes = static_cast<size_t>(byteSizeOf(dtype, t.shape_, what));
  t.strides_ = contiguousStrides(t.shape_);
  t.null = false;
  constexpr size_t kHuge = size_t(2) << 20;
  size_t alignment = bytes >= kHuge ? kHuge : 64;
  size_t rounded = (std::max<size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
  // Large blocks come from the pool of freed ones (HostBlockPool.h):
  // repeated calls reuse warm pages instead of faulting fresh ones in.
  t.owned = allocateHostBlock(rounded, alignment);
  if (!t.owned)
    throw allocationError(bytes, describe(dtype, t.shape_, what));
#ifdef MADV_HUGEPAGE
  if (alignment == kHuge)
    madvise(t.owned.get(), rounded, MADV_HUGEPAGE);
#endif
  t.base = t.owned.get();
  return t;
}

Tensor Tensor::borrow(void *data, DType dtype, std::vector<int64_t> shape,
                      std::vector<int64_t> strides) {
  int64_t bytes = byteSizeOf(dtype, shape, "a borrowed tensor");
  if (!data && bytes > 0)
    throw Error("borrowed tensor: null data for shape " + shapeToString(shape) +
                " (" + std::to_string(bytes / static_cast<int64_t>(dtypeSize(dtype))) +
                " elements)");
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.strides_ =
      strides.empty() ? contiguousStrides(t.shape_) : std::move(strides);
  if (t.strides_.size() != t.shape_.size())
    throw Error("borrowed tensor: " + std::to_string(t.strides_.size()) +
                " strides for rank " + std::to_string(t.shape_.size()));
  t.base = static_cast<std::byte *>(data);
  t.null = false;
  return t;
}

Tensor Tensor::fromDoubles(std::vector<int64_t> shape,
                           const std::vector<double> &values) {
  Tensor t(DType::F64, std::move(shape));
  if (static_cast<int64_t>(values.size()) != t.numElements())
    throw Error(
        "fromDoubles: " + std::to_string(values.size()) + " values for shape " +
        shapeToString(t.shape_));
  if (!values.empty())
    std::memcpy(t.base, values.data(), values.size() * sizeof(double));
  return t;
}

bool Tensor::isContiguous() const {
  return numElements() <= 1 || strides_ == contiguousStrides(shape_);
}

int64_t Tensor::dim(int64_t i) const {
  if (i < 0 || i >= rank())
    throw Error("dim " + std::to_string(i) + " of a tensor of rank " +
                std::to_string(rank()));
  return shape_[static_cast<size_t>(i)];
}

size_t Tensor::byteOffset(int64_t index) const {
  if (index < 0 || index >= numElements())
    throw Error("element " + std::to_string(index) + " of a tensor of shape " +
                shapeToString(shape_));
  int64_t offset = 0;
  for (size_t i = shape_.size(); i-- > 0;) {
    offset += (index % shape_[i]) * strides_[i];
    index /= shape_[i];
  }
  return static_cast<size_t>(offset) * dtypeSize(dtype_);
}

namespace {
/// The element of type `dtype` at `p`, as a double.
double loadElement(DType dtype, const std::byte *p) {
  switch (dtype) {
  case DType::F16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return halfToFloat(bits);
  }
  case DType::BF16: {
    uint16_t bits;
    std::memcpy(&bits, p, 2);
    return bf16ToFloat(bits);
  }
  case DType::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::F64: {
    double d;
    std::memcpy(&d, p, 8);
    return d;
  }
  }
  return 0;
}

/// Stores `value`, rounded to `dtype`, at `p`.
void storeElement(DType dtype, std::byte *p, double value) {
  switch (dtype) {
  case DType::F16: {
    uint16_t bits = halfFromDouble(value);
    std::memcpy(p, &bits, 2);
    return;
  }
  case DType::BF16: {
    uint16_t bits = bf16FromDouble(value);
    std::memcpy(p, &bits, 2);
    return;
  }
  case DType::F32: {
    float f = static_cast<float>(roundTo(DType::F32, value));
    std::memcpy(p, &f, 4);
    return;
  }
  case DType::F64:
    std::memcpy(p, &value, 8);
    return;
  }
}

/// Calls `row(offsetA, offsetB)` (element offsets) for each innermost row of
/// `shape` walked in row-major order, with the two tensors' strides; the
/// last dim's elements are the caller's to walk. Nothing for an empty shape
/// product; one call for rank 0.
template <typename RowFn>
void forEachRow(const std::vector<int64_t> &shape,
                const std::vector<int64_t> &stridesA,
                const std::vector<int64_t> &stridesB, RowFn row) {
  if (numElementsOf(shape) == 0)
    return;
  size_t outer = shape.empty() ? 0 : shape.size() - 1;
  std::vector<int64_t> index(outer, 0);
  int64_t offsetA = 0, offsetB = 0;
  while (true) {
    row(offsetA, offsetB);
    size_t d = outer;
    while (d > 0) {
      --d;
      offsetA += stridesA[d];
      offsetB += stridesB[d];
      if (++index[d] < shape[d])
        break;
      offsetA -= stridesA[d] * shape[d];
      offsetB -= stridesB[d] * shape[d];
      index[d] = 0;
      if (d == 0)
        return;
    }
    if (outer == 0)
      return;
  }
}
} // namespace

double Tensor::getDouble(int64_t index) const {
  return loadElement(dtype_, base + byteOffset(index));
}

void Tensor::setDouble(int64_t index, double value) {
  storeElement(dtype_, base + byteOffset(index), value);
}

void Tensor::copyFrom(const Tensor &source) {
  if (null || source.null || source.dtype_ != dtype_ || source.shape_ != shape_)
    throw Error("copyFrom needs two tensors of the same dtype and shape, got " +
                std::string(dtypeName(dtype_)) + " " + shapeToString(shape_) +
                " and " + dtypeName(source.dtype_) + " " +
                shapeToString(source.shape_));
  size_t size = dtypeSize(dtype_);
  if (numElements() == 0)
    return;
  if (isContiguous() && source.isContiguous()) {
    std::memcpy(base, source.base, static_cast<size_t>(numElements()) * size);
    return;
  }
  int64_t count = shape_.empty() ? 1 : shape_.back();
  int64_t to = shape_.empty() ? 1 : strides_.back();
  int64_t from = shape_.empty() ? 1 : source.strides_.back();
  forEachRow(shape_, strides_, source.strides_, [&](int64_t dst, int64_t src) {
    std::byte *d = base + dst * static_cast<int64_t>(size);
    const std::byte *s = source.base + src * static_cast<int64_t>(size);
    if (to == 1 && from == 1) {
      std::memcpy(d, s, static_cast<size_t>(count) * size);
      return;
    }
    for (int64_t j = 0; j < count; ++j)
      std::memcpy(d + j * to * static_cast<int64_t>(size),
                  s + j * from * static_cast<int64_t>(size), size);
  });
}

std::vector<double> Tensor::toDoubles() const {
  std::vector<double> values;
  int64_t count = numElements();
  try {
    values.resize(static_cast<size_t>(count));
  } catch (const std::exception &) { // bad_alloc, length_error
    throw allocationError(static_cast<uint64_t>(count) * sizeof(double),
                          "toDoubles of shape " + shapeToString(shape_));
  }
  Tensor out = borrow(values.data(), DType::F64, shape_);
  out.convertFrom(*this);
  return values;
}

void Tensor::convertFrom(const Tensor &source) {
  if (source.dtype_ == dtype_) {
    copyFrom(source);
    return;
  }
  if (null || source.null || source.shape_ != shape_)
    throw Error("convertFrom needs two tensors of the same shape, got " +
                shapeToString(shape_) + " and " + shapeToString(source.shape_));
  int64_t count = shape_.empty() ? 1 : shape_.back();
  int64_t to = (shape_.empty() ? 1 : strides_.back()) *
               static_cast<int64_t>(dtypeSize(dtype_));
  int64_t from = (shape_.empty() ? 1 : source.strides_.back()) *
                 static_cast<int64_t>(dtypeSize(source.dtype_));
  int64_t toSize = static_cast<int64_t>(dtypeSize(dtype_));
  int64_t fromSize = static_cast<int64_t>(dtypeSize(source.dtype_));
  forEachRow(shape_, strides_, source.strides_, [&](int64_t dst, int64_t src) {
    std::byte *d = base + dst * toSize;
    const std::byte *s = source.base + src * fromSize;
    for (int64_t j = 0; j < count; ++j)
      storeElement(dtype_, d + j * to,
                   loadElement(source.dtype_, s + j * from));
  });
}

Tensor Tensor::convertTo(DType dtype, const std::string &what) const {
  if (null)
    return Tensor();
  Tensor out = uninitialized(dtype, shape_, what);
  out.convertFrom(*this);
  return out;
}

} // namespace sluice::runtime
