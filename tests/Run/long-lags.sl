# Long lags stay loops that compile in linear time and match the reference.
# A lag-1024 linear recurrence was a dense 1024-state companion scan (11 GB,
# a crash); lag 600 through tanh put 600 x 4096 lags on the stack (SIGSEGV).
# `timeout` turns a runaway compile into a failure.
# RUN: rm -rf %t && mkdir -p %t
# RUN: timeout 120 sluice run %s --model linear --remarks --random B=1,T=2100,D=3 --seed 3 --output-dir %t/lc 2>&1 | FileCheck %s --check-prefix=REMARK
# RUN: sluice run %s --model linear --target reference --random B=1,T=2100,D=3 --seed 3 --output-dir %t/lr > /dev/null
# RUN: %npy closedir %t/lc %t/lr 1e-5
# RUN: timeout 120 sluice run %s --model tanh600 --random B=1,T=700,D=4 --seed 3 --output-dir %t/tc > /dev/null
# RUN: sluice run %s --model tanh600 --target reference --random B=1,T=700,D=4 --seed 3 --output-dir %t/tr > /dev/null
# RUN: %npy closedir %t/tc %t/tr 1e-5
# 17 states of lag 1024 hold more lags than a kernel's stack budget: a Loop step.
# RUN: sluice run %S/Inputs/many-long-lags.sl --random B=1,T=1030,D=3 --seed 3 --output-dir %t/mc > /dev/null
# RUN: sluice run %S/Inputs/many-long-lags.sl --target reference --random B=1,T=1030,D=3 --seed 3 --output-dir %t/mr > /dev/null
# RUN: %npy closedir %t/mc %t/mr 1e-5
# REMARK: long-lags.sl:[[#@LINE+4]]:3: remark: scan stays sequential: 'h' would need a 1024-state companion scan (lag 1024); parallel scans take at most 3 states
model linear {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    init h[-1024] = 1.0
    h[t] = 0.5 * h[t-1024] + x[t]
  }
  output h
}

model tanh600 {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T {
    h[t] = tanh(0.5 * h[t-600] + x[t])
  }
  output h
}
