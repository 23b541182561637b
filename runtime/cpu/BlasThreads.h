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

} // namespace sluice::runtime

#endif // SLUICE_RUNTIME_CPU_BLASTHREADS_H
