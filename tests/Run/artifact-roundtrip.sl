# Every example compiled ahead of time (`sluice compile --target cpu`) and run
# by `sluice-run` gives the outputs of `sluice run` (the JIT) on the same
# random inputs: with many channels (channel-parallel scans) and with few
# channels and a long T (the look-back scan, whose kernels the JIT defers).
# RUN: rm -rf %t && mkdir -p %t
# RUN: %python %S/Inputs/artifact-roundtrip.py %examples %t B=2,T=300,*=5 B=1,T=9000,*=2 | FileCheck %s
# CHECK: ema B=2,T=300,D=5: artifact matches the JIT
# CHECK: ema B=1,T=9000,D=2: artifact matches the JIT
# CHECK: hawk_rglru B=2,T=300,D=5: artifact matches the JIT
# CHECK: tanh_rnn B=1,T=9000,D=2: artifact matches the JIT
