//===- Tensor.h - Host tensors of the runtime --------------------*- C++
//-*-===//
//
// A dense host tensor: element type, shape, strides (in elements) and memory
// that the tensor owns or borrows. Pure C++17: no LLVM or MLIR.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_TENSOR_H
#define SLUICE_RUNTIME_TENSOR_H

#include "runtime/Error.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sluice::runtime {

/// The element types sluice models store.
enum class DType { F16, BF16, F32, F64 };

/// Bytes per element of `dtype`.
size_t dtypeSize(DType dtype);
/// The language's spelling: "f16", "bf16", "f32" or "f64".
const char *dtypeName(DType dtype);
/// Parses a language spelling ("f32"); returns false for anything else.
bool parseDType(const std::string &name, DType &dtype);

/// Rounds `value` to the nearest value of `dtype` (ties to even; overflow
/// gives infinity; NaN stays NaN). The identity for F64.
double roundTo(DType dtype, double value);
/// The IEEE binary16 bits nearest `value` (round to nearest even).
uint16_t halfFromDouble(double value);
/// The value of IEEE binary16 bits.
float halfToFloat(uint16_t bits);
/// The bfloat16 bits nearest `value` (round to nearest even).
uint16_t bf16FromDouble(double value);
/// The value of bfloat16 bits.
float bf16ToFloat(uint16_t bits);

/// Row-major (C order) strides, in elements, of `shape`.
std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &shape);
/// `a * b` for non-negative sizes, or false when the product overflows
/// int64 (`product` is then unspecified).
bool multiplySizes(int64_t a, int64_t b, int64_t &product);
/// The number of elements of `shape` (1 for a scalar). Throws Error for a
/// negative size or a count over int64.
int64_t numElementsOf(const std::vector<int64_t> &shape);
/// The bytes of a contiguous `dtype` tensor of `shape`. Throws Error for a
/// negative size, or naming the shape (and `what`, e.g. "'x'", when given)
/// when the size does not fit in int64: "shape [4294967296, 4294967296, 4]
/// of 'x' has more than 2^63 bytes".
int64_t byteSizeOf(DType dtype, const std::vector<int64_t> &shape,
                   const std::string &what = "");
/// "[2, 3, 4]".
std::string shapeToString(const std::vector<int64_t> &shape);

/// A dense tensor on the host. Copies are cheap handles that share the
/// memory (like a shared pointer); `clone()` makes an independent copy.
/// A borrowed tensor never frees its memory: the caller keeps it alive.
class Tensor {
public:
  /// A null tensor (no memory; `isNull()`).
  Tensor() = default;
  /// An owned, zero-filled, contiguous tensor, its data on a 64-byte
  /// boundary. Throws Error for a negative size, a size over int64, or
  /// memory that cannot be allocated (saying how many bytes).
  Tensor(DType dtype, std::vector<int64_t> shape);
  /// An owned, contiguous tensor whose elements are not initialised (for
  /// results a kernel writes in full). Large ones are 2 MiB aligned and use
  /// transparent huge pages where the system offers them. Throws Error as
  /// the constructor does; `what` names the tensor in that message.
  static Tensor uninitialized(DType dtype, std::vector<int64_t> shape,
                              const std::string &what = "");
  /// A tensor viewing `data` without owning it. Empty `strides` means C order
  /// (else one stride per dim, in elements). Throws Error for a null `data`
  /// with elements, a negative size, a shape over int64 bytes, or a wrong
  /// number of strides.
  static Tensor borrow(void *data, DType dtype, std::vector<int64_t> shape,
                       std::vector<int64_t> strides = {});
  /// An owned f64 tensor holding `values` (which must have the shape's size;
  /// else Error).
  static Tensor fromDoubles(std::vector<int64_t> shape,
                            const std::vector<double> &values);

  /// True for a default-constructed tensor.
  bool isNull() const { return null; }
  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  /// Strides in elements.
  const std::vector<int64_t> &strides() const { return strides_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  /// The size of dim `i`; Error when there is no such dim.
  int64_t dim(int64_t i) const;
  int64_t numElements() const { return numElementsOf(shape_); }
  /// True when the memory is laid out in C order without gaps.
  bool isContiguous() const;
  /// True when the tensor owns its memory.
  bool isOwned() const { return owned != nullptr; }
  /// The first element's address.
  void *data() { return base; }
  const void *data() const { return base; }

  /// The element at row-major position `index` (0 .. numElements-1), as a
  /// double, whatever the strides. Error for an index out of range.
  double getDouble(int64_t index) const;
  /// Stores `value` (rounded to the dtype) at row-major position `index`.
  void setDouble(int64_t index, double value);
  /// Every element in row-major order, as doubles.
  std::vector<double> toDoubles() const;
  /// Copies `source` (same dtype and shape, any strides) into this tensor's
  /// memory: one memcpy when both are contiguous, else one per innermost row
  /// (or per element where a row is strided). Error on a dtype or shape
  /// mismatch or a null tensor.
  void copyFrom(const Tensor &source);
  /// Writes `source` (same shape, any dtype and strides) into this tensor's
  /// memory, each value rounded to this dtype; copyFrom when the dtypes
  /// agree.
  void convertFrom(const Tensor &source);

  /// An owned contiguous copy in `dtype` (values rounded to it), allocated
  /// as by uninitialized() (`what` names it if that fails).
  Tensor convertTo(DType dtype, const std::string &what = "") const;
  /// An owned contiguous copy.
  Tensor clone(const std::string &what = "") const {
    return convertTo(dtype_, what);
  }

private:
  /// The byte offset of row-major position `index`.
  size_t byteOffset(int64_t index) const;

  DType dtype_ = DType::F32;
  std::vector<int64_t> shape_;
  std::vector<int64_t> strides_;
  std::shared_ptr<std::byte[]> owned;
  std::byte *base = nullptr;
  bool null = true;
};

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_TENSOR_H
