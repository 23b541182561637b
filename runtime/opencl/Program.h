//===- Program.h - OpenCL programs, kernels and launches --------*- C++ -*-===//
//
// A built program (owned cl_program, shared by the program cache and its
// kernels), a kernel of it, and launching one: arguments (buffers, int64
// and float scalars, local memory), an NDRange with global and optional
// local sizes, and a wait. Every failure names the kernel.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_OPENCL_PROGRAM_H
#define SLUICE_RUNTIME_OPENCL_PROGRAM_H

#include "runtime/opencl/Cl.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace sluice::runtime::opencl {

/// A program built for one device; owns its cl_program.
class Program {
public:
  /// Takes ownership of `handle`; `name` names it in messages;
  /// `sourceHash` identifies its source (16 hex digits from ProgramCache);
  /// `source` and `options` are what it was built from and with (empty
  /// when unknown).
  Program(cl_program handle, std::string name, std::string sourceHash = "",
          std::string source = "", std::string options = "");
  ~Program();
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  cl_program handle() const { return handle_; }
  const std::string &name() const { return name_; }
  /// A hash of the source it was built from (empty when unknown): the
  /// tuning cache keys its entries by it (TuningCache.h).
  const std::string &sourceHash() const { return sourceHash_; }
  const std::string &source() const { return source_; }
  const std::string &options() const { return options_; }
  /// Whether it was built with -D<kIndex32Macro> (KernelAbi.h): its kernels
  /// then take dims, counts and offsets in 32 bits.
  bool narrowIndex() const;
  /// Whether the built program has a kernel `name` (programs compiled
  /// before a kernel existed, or built without a macro that keeps it, lack
  /// it). Reads CL_PROGRAM_KERNEL_NAMES once, on the first call after the
  /// build; thread-safe.
  bool hasKernel(const std::string &name) const;

private:
  cl_program handle_;
  std::string name_;
  std::string sourceHash_;
  std::string source_;
  std::string options_;
  mutable std::once_flag kernelNamesRead_;
  mutable std::set<std::string> kernelNames_;
};

/// One argument of a kernel launch.
struct KernelArg {
  enum class Kind { Buffer, Int64, Int32, Float, Local };
  Kind kind = Kind::Int64;
  cl_mem buffer = nullptr;
  int64_t int64 = 0;
  float real = 0;
  /// Bytes of local memory (Kind::Local).
  size_t localBytes = 0;

  static KernelArg ofBuffer(cl_mem buffer);
  static KernelArg ofInt64(int64_t value);
  /// An `int` (32 bits) parameter.
  static KernelArg ofInt32(int32_t value);
  static KernelArg ofFloat(float value);
  static KernelArg ofLocal(size_t bytes);
};

/// What a device can do with one kernel (clGetKernelWorkGroupInfo), for
/// choosing local sizes.
struct KernelLimits {
  /// The largest work-group this kernel may launch with.
  size_t maxWorkGroupSize = 0;
  /// Work-group sizes should be multiples of this (the warp or wavefront
  /// width on GPUs).
  size_t preferredMultiple = 0;
  /// Local and private memory the kernel itself uses.
  uint64_t localMemoryBytes = 0;
  uint64_t privateMemoryBytes = 0;
  /// The work-group size the kernel requires
  /// (__attribute__((reqd_work_group_size(N, 1, 1)))), or 0.
  size_t requiredWorkGroupSize = 0;
};

/// A kernel of a program; owns its cl_kernel and keeps the program alive.
/// Not thread-safe (arguments are state of the kernel object): use one
/// Kernel per thread.
class Kernel {
public:
  /// Throws Error naming the kernel and the program when the program has no
  /// kernel `name` (CL_INVALID_KERNEL_NAME).
  Kernel(std::shared_ptr<const Program> program, const std::string &name);
  ~Kernel();
  Kernel(const Kernel &) = delete;
  Kernel &operator=(const Kernel &) = delete;

  cl_kernel handle() const { return handle_; }
  const std::string &name() const { return name_; }
  /// "kernel 'vadd' of program 'test'", for messages.
  std::string subject() const;

  /// Sets every argument, in order. Throws Error naming the kernel when
  /// `args` has not one value per parameter, or (when the program kept its
  /// argument info, see ProgramCache) when a value's kind does not fit its
  /// parameter: a buffer for a __global/__constant pointer, local bytes for
  /// a __local one, a scalar of the same size otherwise. Drivers crash on
  /// some of these (PoCL reads an int64 given for a pointer as a cl_mem).
  void setArgs(const std::vector<KernelArg> &args);
  /// The kernel's limits on `device`.
  KernelLimits limits(cl_device_id device) const;
  /// The kernel's parameter count.
  unsigned argCount() const { return static_cast<unsigned>(params_.size()); }
  /// Enqueues the kernel on `queue` over `global` work-items (1 to 3 dims),
  /// in work-groups of `local` (empty: the driver chooses), and waits for
  /// it unless `wait` is false.
  void enqueue(cl_command_queue queue, const std::vector<size_t> &global,
               const std::vector<size_t> &local = {}, bool wait = true);
  /// setArgs then enqueue.
  void launch(cl_command_queue queue, const std::vector<KernelArg> &args,
              const std::vector<size_t> &global,
              const std::vector<size_t> &local = {}, bool wait = true);

private:
  /// What the driver says about one parameter (when it keeps arg info).
  struct Param {
    bool known = false;
    cl_kernel_arg_address_qualifier address = CL_KERNEL_ARG_ADDRESS_PRIVATE;
    std::string typeName;
    std::string name;
  };
  void checkArg(size_t index, const KernelArg &arg) const;

  std::shared_ptr<const Program> program_;
  cl_kernel handle_ = nullptr;
  std::string name_;
  std::vector<Param> params_;
};

} // namespace sluice::runtime::opencl

#endif // SLUICE_RUNTIME_OPENCL_PROGRAM_H
