# Reductions on the OpenCL target (PoCL in CI) against the float64
# reference: sum, mean, amax and amin over the first, a middle and the last
# dim, keepdims, a bf16 operand, and sizes that make many work-items (one
# per output element, TargetInfo::reductionRows) and a long reduced dim.
# REQUIRES: opencl
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl %S/Inputs/reductions %t B=3,T=700,*=33 B=1,T=5,*=1 B=257,T=3,*=130 | FileCheck %s
# CHECK: reductions B=3,T=700,D=33 (artifact): opencl matches the reference
# CHECK: reductions B=1,T=5,D=1 (run): opencl matches the reference
# CHECK: reductions B=257,T=3,D=130 (run): opencl matches the reference
# CHECK-NOT: FAILED
