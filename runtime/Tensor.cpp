//===- Tensor.cpp - Host tensors of the runtime ---------------------------===//

#include "runtime/Tensor.h"

#include <sys/mman.h>

#include <cstdlib>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <stdexcept>

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
  for (size_t i = shape.size(); i-- > 1;)
    strides[i - 1] = strides[i] * shape[i];
  return strides;
}

int64_t numElementsOf(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string shapeToString(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)),
      strides_(contiguousStrides(shape_)), null(false) {
  for (int64_t d : shape_)
    if (d < 0)
      throw std::invalid_argument("tensor shape " + shapeToString(shape_) +
                                  " has a negative size");
  size_t bytes = static_cast<size_t>(numElements()) * dtypeSize(dtype);
  owned.reset(new std::byte[bytes ? bytes : 1]());
  base = owned.get();
}

Tensor Tensor::uninitialized(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.strides_ = contiguousStrides(t.shape_);
  t.null = false;
  for (int64_t d : t.shape_)
    if (d < 0)
      throw std::invalid_argument("tensor shape " + shapeToString(t.shape_) +
                                  " has a negative size");
  size_t bytes = static_cast<size_t>(t.numElements()) * dtypeSize(dtype);
  constexpr size_t kHuge = size_t(2) << 20;
  size_t alignment = bytes >= kHuge ? kHuge : 64;
  size_t rounded = (std::max<size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
  void *memory = std::aligned_alloc(alignment, rounded);
  if (!memory)
    throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  if (alignment == kHuge)
    madvise(memory, rounded, MADV_HUGEPAGE);
#endif
  t.owned = std::shared_ptr<std::byte[]>(static_cast<std::byte *>(memory),
                                         [](std::byte *p) { std::free(p); });
  t.base = t.owned.get();
  return t;
}

Tensor Tensor::borrow(void *data, DType dtype, std::vector<int64_t> shape,
                      std::vector<int64_t> strides) {
  Tensor t;
  t.dtype_ = dtype;
  t.shape_ = std::move(shape);
  t.strides_ =
      strides.empty() ? contiguousStrides(t.shape_) : std::move(strides);
  if (t.strides_.size() != t.shape_.size())
    throw std::invalid_argument(
        "borrowed tensor: " + std::to_string(t.strides_.size()) +
        " strides for rank " + std::to_string(t.shape_.size()));
  t.base = static_cast<std::byte *>(data);
  t.null = false;
  return t;
}

Tensor Tensor::fromDoubles(std::vector<int64_t> shape,
                           const std::vector<double> &values) {
  Tensor t(DType::F64, std::move(shape));
  if (static_cast<int64_t>(values.size()) != t.numElements())
    throw std::invalid_argument(
        "fromDoubles: " + std::to_string(values.size()) + " values for shape " +
        shapeToString(t.shape_));
  if (!values.empty())
    std::memcpy(t.base, values.data(), values.size() * sizeof(double));
  return t;
}

bool Tensor::isContiguous() const {
  return numElements() <= 1 || strides_ == contiguousStrides(shape_);
}

size_t Tensor::byteOffset(int64_t index) const {
  int64_t offset = 0;
  for (size_t i = shape_.size(); i-- > 0;) {
    offset += (index % shape_[i]) * strides_[i];
    index /= shape_[i];
  }
  return static_cast<size_t>(offset) * dtypeSize(dtype_);
}

double Tensor::getDouble(int64_t index) const {
  const std::byte *p = base + byteOffset(index);
  switch (dtype_) {
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

void Tensor::setDouble(int64_t index, double value) {
  std::byte *p = base + byteOffset(index);
  switch (dtype_) {
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

std::vector<double> Tensor::toDoubles() const {
  std::vector<double> values(static_cast<size_t>(numElements()));
  for (int64_t i = 0; i < numElements(); ++i)
    values[i] = getDouble(i);
  return values;
}

Tensor Tensor::convertTo(DType dtype) const {
  if (null)
    return Tensor();
  Tensor out(dtype, shape_);
  if (dtype == dtype_ && isContiguous()) {
    std::memcpy(out.base, base,
                static_cast<size_t>(numElements()) * dtypeSize(dtype));
    return out;
  }
  for (int64_t i = 0; i < numElements(); ++i)
    out.setDouble(i, getDouble(i));
  return out;
}

} // namespace sluice::runtime
