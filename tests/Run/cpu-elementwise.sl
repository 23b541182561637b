# Element-wise kernels on the CPU against the float64 reference
# (Inputs/elementwise): an expression whose operands all have the output's
# shape is walked flat in chunks of 4096 elements (PlanBuilder.cpp), so a
# short last dim still vectorises; a part constant along the last dim is
# computed once per row. Sizes below one chunk, one chunk exactly, and
# several with a rest; a last dim of 1; from 8 threads.
# RUN: sluice dump %S/Inputs/elementwise/elementwise.sl --stage plan | FileCheck %s --check-prefix=PLAN
# PLAN: kernel sl_elementwise_{{[0-9]+}} items ceil(B*T*H/4096)
# PLAN: kernel sl_elementwise_{{[0-9]+}} items B*T buffers
# RUN: rm -rf %t && mkdir -p %t
# RUN: env SLUICE_NUM_THREADS=8 %python %S/Inputs/target-matches-reference.py --target cpu %S/Inputs/elementwise %t B=3,T=1000,*=5 B=1,T=7,*=3 B=1,T=1024,*=4 B=2,T=4097,*=1 | FileCheck %s
# CHECK: elementwise B=3,T=1000,H=5 (artifact): cpu matches the reference
# CHECK: elementwise B=1,T=7,H=3 (run): cpu matches the reference
# CHECK: elementwise B=1,T=1024,H=4 (run): cpu matches the reference
# CHECK: elementwise B=2,T=4097,H=1 (run): cpu matches the reference
# CHECK-NOT: FAILED
