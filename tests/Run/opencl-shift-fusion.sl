# REQUIRES: opencl
# The shift-fusion models (shift-fusion.sl) on OpenCL: shifts inside the
# element-wise and scan kernels, against the float64 reference.
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl %S/Inputs/shift-fusion %t B=2,T=300,*=5 B=3,T=7,*=17 B=1,T=1000,*=2 | FileCheck %s
# CHECK-COUNT-6: opencl matches the reference
