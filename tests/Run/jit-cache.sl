# The CPU JIT keeps the object code it compiles under the cache folder
# ($SLUICE_CACHE_DIR/cpu): a second run of the same model loads it instead
# of lowering and compiling the kernels again, with the same results.
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_CACHE_DIR=%t/cache sluice run %examples/ema.sl --random B=1,T=300,D=2 --seed 5 --output-dir %t/first --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=FIRST
# FIRST: deferred: object cache (miss)
# FIRST: deferred: LLVM optimizer
# FIRST: deferred: machine code
# RUN: env SLUICE_CACHE_DIR=%t/cache sluice run %examples/ema.sl --random B=1,T=300,D=2 --seed 5 --output-dir %t/second --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=SECOND --implicit-check-not=miss --implicit-check-not="LLVM optimizer" --implicit-check-not="machine code" --implicit-check-not="lower to LLVM"
# SECOND: deferred: object cache (hit)
# SECOND: deferred: link
# RUN: cmp %t/first/m.npy %t/second/m.npy
# The folder is its owner's only; one file a part.
# RUN: stat -c %%a %t/cache/cpu | FileCheck %s --check-prefix=MODE
# MODE: {{^700$}}
# RUN: ls %t/cache/cpu | FileCheck %s --check-prefix=FILES
# FILES: {{^[0-9a-f]{32}\.o$}}
#
# Another schedule is other kernels (the first runs chose the walk of T:
# few steps): compiled, and cached beside them.
# RUN: env SLUICE_CACHE_DIR=%t/cache sluice run %examples/ema.sl --random B=1,T=300,D=2 --seed 5 --schedule strategy=lookback --output-dir %t/seq --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=OTHER
# OTHER: object cache (miss)
#
# SLUICE_JIT_CACHE=0: nothing read or written (the folder is never made).
# RUN: env SLUICE_CACHE_DIR=%t/off-cache SLUICE_JIT_CACHE=0 sluice run %examples/ema.sl --random B=1,T=300,D=2 --seed 5 --output-dir %t/off --time-phases 2>&1 >/dev/null | FileCheck %s --check-prefix=OFF
# OFF-NOT: object cache
# OFF: LLVM optimizer
# RUN: cmp %t/first/m.npy %t/off/m.npy
# RUN: not ls %t/off-cache
