# A run prints its outputs and nothing a user cannot act on: with more
# threads than the machine has (TBB's "number of workers is limited"
# warning), on a cold OpenCL program cache (PoCL's bare "N warnings
# generated." for a `#pragma unroll` loop it did not unroll: programs are
# built with -w unless SLUICE_OPENCL_BUILD_LOG asks for the logs).
# RUN: rm -rf %t && mkdir -p %t/cache %t/pocl
# RUN: env SLUICE_NUM_THREADS=64 sluice run %S/Inputs/holt_damped.sl --random B=1,T=100000 --output-dir %t/cpu 2>&1 | FileCheck %s --implicit-check-not=warning --implicit-check-not=Warning
# CHECK: fc: shape [1, 100000], f32
# RUN: %if opencl %{ env SLUICE_CACHE_DIR=%t/cache POCL_CACHE_DIR=%t/pocl sluice run %S/Inputs/holt_damped.sl --target opencl --random B=2,T=7 --output-dir %t/cl 2>&1 | FileCheck %s --check-prefix=OPENCL --implicit-check-not=warning %}
# OPENCL: fc: shape [2, 7], f32
# The same build with its log asked for shows the warnings, in the log.
# RUN: %if opencl %{ rm -rf %t/cache %t/pocl && mkdir -p %t/cache %t/pocl %}
# RUN: %if opencl %{ env SLUICE_OPENCL_BUILD_LOG=1 SLUICE_CACHE_DIR=%t/cache POCL_CACHE_DIR=%t/pocl sluice run %S/Inputs/holt_damped.sl --target opencl --random B=2,T=7 --output-dir %t/cl 2>&1 | FileCheck %s --check-prefix=LOG %}
# LOG: sluice: OpenCL build log of program 'holt_damped' on
# LOG-NOT: -w
# LOG: loop not unrolled
#
# A remark names an op that recognition distributed over a scan's terms
# once, with its copies (damped Holt's beta * (...)):
# RUN: sluice run %S/Inputs/holt_damped.sl --random B=1,T=64 --output-dir %t/remarks --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
# REMARK: remark: scan kernel computes inside it {{.*}}'*' at 17:17 (3 copies)
