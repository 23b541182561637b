//===- ReferenceShapeOps.cpp - broadcast, matmul, reduce, prefix ops ------===//

#include "codegen/reference/Evaluator.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace sluice::reference {
namespace {

void checkAxis(int64_t axis, const Array &a) {
  if (axis < 0 || axis >= a.rank())
    throw OpFailure("axis " + std::to_string(axis) +
                    " is out of range for shape " + toString(a.shape));
}

} // namespace

Array evalBroadcast(sl::BroadcastOp op, const Array &input,
                    llvm::ArrayRef<int64_t> sizes) {
  RankedTensorType inType = op.getInput().getType();
  RankedTensorType outType = op.getResult().getType();
  llvm::ArrayRef<int64_t> dims = op.getDims();
  // The result shape: static sizes, a dynamic operand dim's runtime size,
  // or the next of `sizes` (new and stretched dynamic dims).
  Shape shape(outType.getRank());
  size_t nextSize = 0;
  for (int64_t j = 0; j < outType.getRank(); ++j) {
    if (!outType.isDynamicDim(j)) {
      shape[j] = outType.getDimSize(j);
      continue;
    }
    const int64_t *from = llvm::find(dims, j);
    if (from != dims.end() && inType.isDynamicDim(from - dims.begin())) {
      shape[j] = input.shape[from - dims.begin()];
      continue;
    }
    if (nextSize >= sizes.size())
      throw OpFailure("too few 'sizes' operands");
    shape[j] = sizes[nextSize++];
  }
  for (auto [i, j] : llvm::enumerate(dims))
    if (input.shape[i] != 1 && input.shape[i] != shape[j])
      throw OpFailure("operand dim " + std::to_string(i) + " has size " +
                      std::to_string(input.shape[i]) + " but result dim " +
                      std::to_string(j) + " has size " +
                      std::to_string(shape[j]));
  Array out(shape);
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t n = 0; n < out.size(); ++n) {
    int64_t from = 0; // the operand element: stretched dims read at 0
    for (auto [i, j] : llvm::enumerate(dims))
      from = from * input.shape[i] + (input.shape[i] == 1 ? 0 : index[j]);
    out.data[n] = input.data[from];
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return out;
}

Array evalMatmul(const Array &lhs, const Array &rhs) {
  if (lhs.rank() < 1)
    throw OpFailure("lhs must have at least one dim");
  bool batched = rhs.rank() == lhs.rank() + 1 && lhs.rank() > 1;
  if (rhs.rank() != 2 && !batched)
    throw OpFailure("rhs of shape " + toString(rhs.shape) +
                    " is neither [K, N] nor [L..., K, N] for lhs " +
                    toString(lhs.shape));
  int64_t k = lhs.shape.back(), n = rhs.shape.back();
  if (rhs.shape[rhs.rank() - 2] != k)
    throw OpFailure("contracted sizes differ: " + std::to_string(k) + " vs " +
                    std::to_string(rhs.shape[rhs.rank() - 2]));
  Shape leading(lhs.shape.begin(), lhs.shape.end() - 1);
  if (batched && Shape(rhs.shape.begin(), rhs.shape.end() - 2) != leading)
    throw OpFailure("batch dims of rhs " + toString(rhs.shape) +
                    " differ from the leading dims of lhs " +
                    toString(lhs.shape));
  Shape shape = leading;
  shape.push_back(n);
  Array out(shape);
  int64_t rows = 1;
  for (int64_t d : leading)
    rows *= d;
  for (int64_t r = 0; r < rows; ++r) {
    const double *matrix = rhs.data.data() + (batched ? r * k * n : 0);
    for (int64_t c = 0; c < n; ++c) {
      double sum = 0;
      for (int64_t i = 0; i < k; ++i)
        sum += lhs.data[r * k + i] * matrix[i * n + c];
      out.data[r * n + c] = sum;
    }
  }
  return out;
}

Array evalReduce(sl::ReduceOp op, const Array &input) {
  int64_t axis = op.getAxis();
  checkAxis(axis, input);
  AxisSplit s = splitAt(input.shape, axis);
  Shape shape = input.shape;
  if (op.getKeepdims())
    shape[axis] = 1;
  else
    shape.erase(shape.begin() + axis);
  Array out(shape);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i) {
      double acc = 0;
      switch (op.getKind()) {
      case sl::ReduceKind::sum:
      case sl::ReduceKind::mean:
        for (int64_t t = 0; t < s.length; ++t)
          acc += input.data[(o * s.length + t) * s.inner + i];
        if (op.getKind() == sl::ReduceKind::mean)
          acc /= static_cast<double>(s.length);
        break;
      case sl::ReduceKind::max:
        acc = -INFINITY;
        for (int64_t t = 0; t < s.length; ++t)
          acc = maxOf(acc, input.data[(o * s.length + t) * s.inner + i]);
        break;
      case sl::ReduceKind::min:
        acc = INFINITY;
        for (int64_t t = 0; t < s.length; ++t)
          acc = minOf(acc, input.data[(o * s.length + t) * s.inner + i]);
        break;
      }
      out.data[o * s.inner + i] = acc;
    }
  return out;
}

Array evalCumulative(sl::CumulativeOp op, const Array &input) {
  int64_t axis = op.getAxis();
  checkAxis(axis, input);
  double identity = 0;
  double (*combine)(double, double) = nullptr;
  switch (op.getKind()) {
  case sl::CumulativeKind::sum:
    identity = 0, combine = +[](double a, double b) { return a + b; };
    break;
  case sl::CumulativeKind::prod:
    identity = 1, combine = +[](double a, double b) { return a * b; };
    break;
  case sl::CumulativeKind::max:
    identity = -INFINITY, combine = maxOf;
    break;
  case sl::CumulativeKind::min:
    identity = INFINITY, combine = minOf;
    break;
  case sl::CumulativeKind::logsumexp:
    identity = -INFINITY, combine = logAddExp;
    break;
  }
  AxisSplit s = splitAt(input.shape, axis);
  Array out(input.shape);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t i = 0; i < s.inner; ++i) {
      double acc = identity;
      for (int64_t step = 0; step < s.length; ++step) {
        int64_t t = op.getReverse() ? s.length - 1 - step : step;
        int64_t at = (o * s.length + t) * s.inner + i;
        double next = combine(acc, input.data[at]);
        out.data[at] = op.getExclusive() ? acc : next;
        acc = next;
      }
    }
  return out;
}

Array evalShift(sl::ShiftOp op, const Array &input) {
  int64_t axis = op.getAxis(), amount = op.getAmount();
  checkAxis(axis, input);
  AxisSplit s = splitAt(input.shape, axis);
  Array out(input.shape, 0.0);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t t = 0; t < s.length; ++t) {
      int64_t from = t - amount;
      if (from < 0 || from >= s.length)
        continue; // zero fill
      for (int64_t i = 0; i < s.inner; ++i)
        out.data[(o * s.length + t) * s.inner + i] =
            input.data[(o * s.length + from) * s.inner + i];
    }
  return out;
}

Array evalLast(sl::LastOp op, const Array &input) {
  int64_t axis = op.getAxis();
  checkAxis(axis, input);
  int64_t length = input.shape[axis];
  if (length == 0)
    throw OpFailure("last() needs at least one step, but axis " +
                    std::to_string(axis) + " of its input is empty (shape " +
                    toString(input.shape) + ")");
  return sliceAt(input, axis, op.getReverse() ? 0 : length - 1);
}

} // namespace sluice::reference
