//===- Array.h - The reference evaluator's values ----------------*- C++
//-*-===//
//
// Internal to the reference evaluator: a dense row-major float64 array and
// the few index helpers every op needs. No MLIR here.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_CODEGEN_REFERENCE_ARRAY_H
#define SLUICE_CODEGEN_REFERENCE_ARRAY_H

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sluice::reference {

using Shape = std::vector<int64_t>;

/// A dense row-major float64 array (rank 0 for a scalar).
struct Array {
  Shape shape;
  std::vector<double> data;

  Array() : data(1, 0.0) {}
  /// An array of `shape` filled with `fill`.
  explicit Array(Shape shape, double fill = 0.0);
  int64_t rank() const { return static_cast<int64_t>(shape.size()); }
  int64_t size() const { return static_cast<int64_t>(data.size()); }
};

/// Values are immutable once computed, so ops share them.
using ArrayPtr = std::shared_ptr<const Array>;

/// An op's failure, without its location; the evaluator adds it.
class OpFailure : public std::runtime_error {
public:
  explicit OpFailure(const std::string &message)
      : std::runtime_error(message) {}
};

/// A shape split around one axis: `outer` elements before it, its `length`,
/// `inner` elements after it. Element (o, t, i) is at (o * length + t) * inner
/// + i.
struct AxisSplit {
  int64_t outer = 1, length = 1, inner = 1;
};
/// Splits `shape` around `axis` (0 <= axis < rank).
AxisSplit splitAt(const Shape &shape, int64_t axis);
/// "[2, 3]".
std::string toString(const Shape &shape);
/// `shape` with dim `axis` removed.
Shape dropAxis(Shape shape, int64_t axis);
/// `shape` with a dim of `size` inserted before position `axis`.
Shape insertAxis(Shape shape, int64_t axis, int64_t size);

/// The slice of `a` at index `t` along `axis`, the axis removed.
Array sliceAt(const Array &a, int64_t axis, int64_t t);
/// Stores `slice` (shape of `out` without `axis`) at index `t` along `axis`.
void storeSlice(Array &out, int64_t axis, int64_t t, const Array &slice);
/// `a` broadcast NumPy-style to `shape` (trailing dims aligned, size 1
/// stretches). Throws OpFailure when the shapes are incompatible.
Array broadcastTo(const Array &a, const Shape &shape);

/// log(exp(a) + exp(b)), exact at infinities.
double logAddExp(double a, double b);
/// max(a, b), NaN if either is NaN (like arith.maximumf).
double maxOf(double a, double b);
/// min(a, b), NaN if either is NaN (like arith.minimumf).
double minOf(double a, double b);

} // namespace sluice::reference

#endif // SLUICE_CODEGEN_REFERENCE_ARRAY_H
