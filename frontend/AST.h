//===- AST.h - The model language's syntax tree ---------------------------===//
//
// The parser builds these nodes; Sema checks them and fills in the fields
// marked "Sema", which IRGen reads. Pure C++17: no LLVM or MLIR headers.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_FRONTEND_AST_H
#define SLUICE_FRONTEND_AST_H

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

/// Marks a function never to be inlined: the frontend keeps its error paths
/// out of the recursive functions so that their stack frames stay small
/// (each level of nesting costs a few of them).
#if defined(__GNUC__)
#define SLUICE_NOINLINE __attribute__((noinline))
#else
#define SLUICE_NOINLINE
#endif

namespace sluice::ast {

/// A 1-based source position; `col` counts characters (a tab is 1).
struct Loc {
  uint32_t line = 0;
  uint32_t col = 0;
};

/// Element types. `Weak` is the type of an expression built only from number
/// literals: it takes the floating-point type of the context it is used in.
enum class DType { F16, BF16, F32, F64, Weak };

/// Spelling of a dtype as in the language ("f16", ..., "weak").
const char *dtypeName(DType t);

/// One dimension of a shape: a declared dim (name non-empty) or a literal size.
struct Dim {
  std::string name; ///< declared dim name, or empty for a literal
  int64_t size = 0; ///< literal size when `name` is empty
  bool isLiteral() const { return name.empty(); }
  bool operator==(const Dim &o) const { return name == o.name && size == o.size; }
  bool operator!=(const Dim &o) const { return !(*this == o); }
  /// "T" or "4".
  std::string str() const;
};

using Shape = std::vector<Dim>;

/// "[B, T, D]" (or "[]" for a scalar).
std::string shapeStr(const Shape &s);

/// "LINE:COL", as messages cite another place in the source.
std::string locStr(Loc l);

/// A storage dtype and a shape.
struct TensorType {
  DType dtype = DType::F32;
  Shape shape;
};

/// Expression node kinds.
enum class ExprKind {
  Number,    ///< a literal: `number`, `spelling`
  Name,      ///< a bare identifier: `name`
  TimeIndex, ///< `name[index +/- k]`: `name`, `indexName`, `offset`
  Neg,       ///< unary minus: operands[0]
  Binary,    ///< `op`: operands[0], operands[1]
  Call,      ///< `name(args..., kw=bool...)`: operands are positional args
  Compare,   ///< `a CMP b` (only as the condition of `where`): `cmp`,
             ///< operands[0], operands[1]
};

/// Binary operators.
enum class BinOp { Add, Sub, Mul, Div, MatMul };

/// Comparison operators: `<`, `<=`, `>`, `>=`, `==`, `!=`.
enum class CmpOp { Lt, Le, Gt, Ge, Eq, Ne };

/// The source spelling of a comparison operator ("<", "<=", ...).
const char *cmpOpSpelling(CmpOp op);

/// Built-in functions, resolved by Sema from a Call's name.
enum class Builtin {
  None,
  // element-wise, one operand
  Exp, Log, Log1p, Expm1, Sqrt, Rsqrt, Tanh, Sigmoid, Softplus, Silu, Gelu,
  Relu, Abs, Sin, Cos, Logsigmoid, Elu,
  // element-wise, several operands
  Pow, Min, Max, Clamp, Logaddexp,
  Where, ///< (cond, a, b): cond is a Compare
  // reductions over a dim: (x, DIM, keepdims=)
  Sum, Mean, Amax, Amin,
  // prefix ops over a dim: (x, DIM, reverse=, exclusive=)
  Cumsum, Cumprod, Cummax, Cummin, Logcumsumexp,
  // shape ops
  ExpandDims, ///< (x, k)
  Squeeze,    ///< (x, k): drop the size-1 dim at position k
  Reshape,    ///< (x, [dims]): add or remove size-1 dims
  Shift,      ///< (x, DIM, k)
  Last,       ///< (state)
};

/// What a Name / TimeIndex refers to (Sema).
enum class RefKind {
  None,
  Input,   ///< a model input
  Param,   ///< a model param
  Let,     ///< a model-level `let` or `output o = expr`
  State,   ///< a scan state (inside its block, or the whole tensor after it)
  ScanLet, ///< a per-step `let` inside the current scan block
  Dim,     ///< a dim used as a value: its run-time size, a weak scalar
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

/// A keyword argument `name=true|false`.
struct KwArg {
  std::string name;
  bool value = false;
  Loc loc;
};

/// An expression. Fields not used by a kind keep their defaults.
struct Expr {
  ExprKind kind = ExprKind::Number;
  Loc loc; ///< the first character of the expression (the operator for Binary)

  double number = 0;    ///< Number: value
  std::string spelling; ///< Number: source text
  std::string name;     ///< Name, TimeIndex, Call: identifier
  std::string indexName; ///< TimeIndex: the index identifier (`t`)
  int64_t offset = 0;    ///< TimeIndex: `t-2` is -2, `t+1` is +1
  BinOp op = BinOp::Add; ///< Binary
  CmpOp cmp = CmpOp::Lt; ///< Compare
  std::vector<ExprPtr> operands; ///< Neg: 1, Binary: 2, Call: positional args
  std::vector<KwArg> kwargs;     ///< Call: keyword arguments in order
  /// Call: a dim list argument `[B, T, 1]` (reshape's target), if any.
  bool hasDimList = false;
  Shape dimList;
  std::vector<Loc> dimListLocs; ///< one per dim of `dimList`
  Loc dimListLoc;               ///< its '['

  // ---- Sema ----
  TensorType type;          ///< the value's storage dtype and shape
  RefKind ref = RefKind::None; ///< Name / TimeIndex: what the name denotes
  Builtin builtin = Builtin::None; ///< Call: the function
  int64_t axis = -1;     ///< reductions, prefix ops, shift: the operand axis
                         ///< (0-based); expand_dims: the new axis in the result
  int64_t amount = 0;    ///< shift: `k`
  bool keepdims = false; ///< reductions
  bool reverse = false;  ///< prefix ops
  bool exclusive = false; ///< prefix ops
  /// TimeIndex / Name inside a scan that reads an outer tensor having the scan
  /// dim: the axis of that dim in the outer tensor.
  int64_t timeAxis = -1;
  /// Last: the scan that defines the state (index into Model::stmts).
  int64_t scanStmt = -1;

  Expr() = default;
  Expr(Expr &&) = default;
  Expr &operator=(Expr &&) = default;
  /// Frees the subtree without recursion: a flat sum of 100k terms is a
  /// left spine 100k nodes deep.
  ~Expr();
};

/// The left spine of a chain of binary operators: `e` and its left operands
/// while they are Binary, outermost first (empty when `e` is not Binary).
/// Walks over expressions follow it with a loop, so that their recursion
/// depth is only the nesting of right operands, calls and parentheses, which
/// the parser bounds, not the length of a chain `a + b + c + ...`.
std::vector<const Expr *> leftSpine(const Expr &e);
/// leftSpine of a mutable tree.
std::vector<Expr *> leftSpine(Expr &e);

/// One statement inside a scan block.
struct ScanStmt {
  enum class Kind { Let, Init, State };
  Kind kind = Kind::Let;
  Loc loc;            ///< the statement's first token
  std::string name;   ///< the let / state name
  Loc nameLoc;
  std::string indexName; ///< State: the `t` of `h[t]`
  int64_t lag = 0;       ///< Init: the `k` of `init h[-k]` (or of `h[-k:]`)
  /// Init: `init h[-k:] = v`, one tensor holding the k values before the
  /// first step (its lag dim in time order: element 0 is h[-k], k-1 is h[-1]).
  bool window = false;
  ExprPtr value;
};

/// Sema's summary of one state variable of a scan block.
struct StateInfo {
  std::string name;
  Loc loc;            ///< its defining statement
  int64_t order = 0;  ///< the largest lag read (0: never read at t-k)
  DType dtype = DType::F32;
  Shape sliceShape;   ///< one step
  Shape shape;        ///< all steps: sliceShape with the scan dim inserted
  int64_t timeAxis = 0; ///< the position of the scan dim in `shape`
  /// inits[k-1] is the `init h[-k]` expression, or nullptr (zero), for
  /// k = 1..order.
  std::vector<const Expr *> inits;
  /// initIndex[k-1] >= 0 when inits[k-1] is a window `init h[-w:] = v`: the
  /// index along v's lag dim that holds h[-k] (w - k); -1 for `init h[-k]`.
  std::vector<int64_t> initIndex;
  /// initAxis[k-1]: the axis of the lag dim in a window init's tensor.
  std::vector<int64_t> initAxis;
  /// Why the scan dim sits where it does: the tensor read at [t] that fixed
  /// its position ("" when the block reads none and it goes first).
  std::string timeRuleName;
  Shape timeRuleShape;
  int64_t defStmt = -1; ///< index into Scan::body of `h[t] = ...`
};

/// A `scan IDX over DIM [reverse] { ... }` block.
struct Scan {
  Loc loc;
  std::string index;
  Loc indexLoc;
  std::string dim;
  Loc dimLoc;
  bool reverse = false;
  std::vector<ScanStmt> body;
  // ---- Sema ----
  std::vector<StateInfo> states; ///< in order of their definitions
};

/// One `name` or `name = expr` of an output statement.
struct OutputItem {
  std::string name;
  Loc loc;
  ExprPtr value; ///< null for a bare name
  // ---- Sema ----
  TensorType type; ///< the stored output type (16-bit rule applied)
};

/// One `input`/`param` declaration.
struct Decl {
  std::string name;
  Loc loc;
  TensorType type;
};

/// A model-level statement.
struct Stmt {
  enum class Kind { Dims, Input, Param, Let, Scan, Output };
  Kind kind = Kind::Dims;
  Loc loc;
  std::vector<std::string> dims; ///< Dims
  std::vector<Loc> dimLocs;      ///< Dims
  Decl decl;                     ///< Input, Param
  std::string letName;           ///< Let
  Loc letNameLoc;
  ExprPtr value;                 ///< Let
  std::unique_ptr<Scan> scan;    ///< Scan
  std::vector<OutputItem> outputs; ///< Output
};

/// `model NAME { ... }`.
struct Model {
  std::string name;
  Loc loc;
  std::vector<Stmt> stmts;
  // ---- Sema ----
  std::vector<std::string> dims; ///< declared dims in order
  /// Inputs then params, in declaration order (pointers into stmts).
  std::vector<const Decl *> inputs, params;
};

/// A whole `.sl` file.
struct File {
  std::string filename;
  std::string source;
  std::vector<Model> models;
  /// The name of every model the file defines, in order (`models` may keep
  /// only the one asked for: parseAndCheck's `onlyModel`).
  std::vector<std::string> modelNames;
};

} // namespace sluice::ast

#endif // SLUICE_FRONTEND_AST_H
