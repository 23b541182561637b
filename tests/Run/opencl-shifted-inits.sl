# shifted-inits.sl's models (states split off a loop, their inits selected at
# the first steps of the shifted scans) on OpenCL against the reference.
# REQUIRES: opencl
# (%no-leak-check: see tests/lit_config.py, LSan's tracer and PoCL's threads.)
# RUN: rm -rf %t && mkdir -p %t
# RUN: %no-leak-check %python %S/Inputs/target-matches-reference.py --target opencl %S/Inputs/shifted-inits %t B=3,T=37,*=2 B=1,T=1,*=1 | FileCheck %s
# CHECK-COUNT-6: opencl matches the reference
