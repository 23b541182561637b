//===- BlasThreads.h - OpenBLAS's thread pool in short processes -*- C++ -*-===//
//
// OpenBLAS (the CPU runtime's matrix products) starts its thread pool when
// the library loads, before main, and each pool thread spins on
// sched_yield for ~0.1 s waiting for work before it sleeps. A command that
// lives that long (`sluice compile`, a small `sluice run`) loses a core's
// share to the spinning: on two cores a quarter of its CPU time.
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_RUNTIME_CPU_BLASTHREADS_H
#define SLUICE_RUNTIME_CPU_BLASTHREADS_H

namespace sluice::runtime {

/// Stops OpenBLAS's idle thread pool (blas_thread_shutdown_, found at run
/// time: other BLAS libraries have none); OpenBLAS starts it again at its
/// first multi-threaded call. Call it once at the start of main, before any
/// other thread may call BLAS. Returns whether a pool was stopped.
bool stopIdleBlasThreads();

/// Makes OpenBLAS run each call on the calling thread
/// (openblas_set_num_threads(1), found at run time), once per process; a
/// no-op with another BLAS. The CPU executor parallelises its matmuls
/// itself, over slabs of rows on TBB's threads (so a call's thread limit
/// covers them too): OpenBLAS's own threads competed with TBB's and spun
/// on sched_yield after each call while the next kernels ran (Hawk's
/// scan on two cores 10% slower, benchmarks/NOTES.md entry 32). A
/// process-wide setting: docs/USAGE.md "Threads" says so.
void useSingleThreadedBlas();

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_BLASTHREADS_H
