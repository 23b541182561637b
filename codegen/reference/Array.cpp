//===- Array.cpp - The reference evaluator's values -----------------------===//

#include "codegen/reference/Array.h"

#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <new>

namespace sluice::reference {

namespace {
/// The machine's physical memory in bytes, or 0 when it cannot be told.
int64_t physicalMemoryBytes() {
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && pageSize > 0 ? static_cast<int64_t>(pages) * pageSize : 0;
}
} // namespace

Array::Array(Shape shape, double fill) : shape(std::move(shape)) {
  int64_t n = 1;
  bool overflow = false;
  for (int64_t d : this->shape)
    overflow |= __builtin_mul_overflow(n, d, &n);
  // A value larger than the machine fails here, as std::bad_alloc (the
  // evaluator reports it at the op), rather than in the allocator: a
  // sanitizer's allocator aborts the process instead of throwing.
  static const int64_t memory = physicalMemoryBytes();
  if (overflow || n > INT64_MAX / int64_t(sizeof(double)) ||
      (memory > 0 && n * int64_t(sizeof(double)) > memory))
    throw std::bad_alloc();
  data.assign(static_cast<size_t>(n), fill);
}

AxisSplit splitAt(const Shape &shape, int64_t axis) {
  AxisSplit s;
  for (int64_t i = 0; i < static_cast<int64_t>(shape.size()); ++i) {
    if (i < axis)
      s.outer *= shape[i];
    else if (i == axis)
      s.length = shape[i];
    else
      s.inner *= shape[i];
  }
  return s;
}

std::string toString(const Shape &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Shape dropAxis(Shape shape, int64_t axis) {
  shape.erase(shape.begin() + axis);
  return shape;
}

Shape insertAxis(Shape shape, int64_t axis, int64_t size) {
  shape.insert(shape.begin() + axis, size);
  return shape;
}

Array sliceAt(const Array &a, int64_t axis, int64_t t) {
  AxisSplit s = splitAt(a.shape, axis);
  Array out(dropAxis(a.shape, axis));
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i)
      out.data[o * s.inner + i] = a.data[(o * s.length + t) * s.inner + i];
  return out;
}

void storeSlice(Array &out, int64_t axis, int64_t t, const Array &slice) {
  AxisSplit s = splitAt(out.shape, axis);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i)
      out.data[(o * s.length + t) * s.inner + i] = slice.data[o * s.inner + i];
}

Array broadcastTo(const Array &a, const Shape &shape) {
  if (a.shape == shape)
    return a;
  int64_t rank = static_cast<int64_t>(shape.size());
  int64_t offset = rank - a.rank(); // a's dim d is result dim d + offset
  bool ok = offset >= 0;
  for (int64_t d = 0; ok && d < a.rank(); ++d)
    ok = a.shape[d] == 1 || a.shape[d] == shape[d + offset];
  if (!ok)
    throw OpFailure("cannot broadcast shape " + toString(a.shape) + " to " +
                    toString(shape));
  Array out(shape);
  std::vector<int64_t> index(rank, 0);
  for (int64_t n = 0; n < out.size(); ++n) {
    // Position of `index` in `a`, with stretched dims read at 0.
    int64_t from = 0;
    for (int64_t d = 0; d < a.rank(); ++d)
      from = from * a.shape[d] + (a.shape[d] == 1 ? 0 : index[d + offset]);
    out.data[n] = a.data[from];
    for (int64_t d = rank - 1; d >= 0; --d) { // next row-major index
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

double logAddExp(double a, double b) {
  if (std::isnan(a) || std::isnan(b))
    return NAN;
  if (a == -INFINITY)
    return b;
  if (b == -INFINITY)
    return a;
  if (a == b) // also +inf and +inf, where a - b would be NaN
    return a + std::log(2.0);
  double hi = std::max(a, b), lo = std::min(a, b);
  return hi + std::log1p(std::exp(lo - hi));
}

double maxOf(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b);
}

double minOf(double a, double b) {
  return std::isnan(a) || std::isnan(b) ? NAN : std::min(a, b);
}

} // namespace sluice::reference
