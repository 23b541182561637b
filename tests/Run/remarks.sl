# Remarks print the user's source line under the location, and --model keeps
# only the chosen model's remarks (the other model's loop is not reported).
# RUN: sluice dump %s --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=ALL
# RUN: sluice dump %s --model linear --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=LINEAR
# RUN: sluice dump %s --model rnn --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=RNN

# ALL: remarks.sl:19:3: remark: scan over 'm' became a parallel linear scan
# ALL-NEXT: {{^}}  scan t over T { m[t] = 0.5 * m[t-1] + x[t] }{{$}}
# ALL-NEXT: {{^}}  ^{{$}}
# ALL: remarks.sl:29:3: remark: scan stays sequential: 'tanh' at 29:26 makes 'h' non-linear
# ALL-NEXT: {{^}}  scan t over T { h[t] = tanh(w * h[t-1] + x[t]) }{{$}}

# LINEAR: remark: scan over 'm' became a parallel linear scan
# LINEAR-NOT: remark

model linear {
  dims B, T, D
  input x : f32[B, T, D]
  scan t over T { m[t] = 0.5 * m[t-1] + x[t] }
  output m
}

# RNN-NOT: linear scan
# RNN: remark: scan stays sequential: 'tanh'
model rnn {
  dims B, T, D
  input x : f32[B, T, D]
  param w : f32[D]
  scan t over T { h[t] = tanh(w * h[t-1] + x[t]) }
  output h
}

# A builtin expanded into other ops is named as written (sl.spelled):
# RUN: sluice dump %s --model spelled --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=SPELLED
# SPELLED-DAG: remark: scan stays sequential: 'logsigmoid' at 43:26 makes 'a' non-linear
# SPELLED-DAG: remark: scan stays sequential: 'elu' at 44:26 makes 'b' non-linear
# SPELLED-DAG: remark: scan stays sequential: 'clip' at 45:26 makes 'c' non-linear
# SPELLED-NOT: 'softplus'
# SPELLED-NOT: 'relu'
model spelled {
  dims B, T
  input x : f32[B, T]
  scan t over T { a[t] = logsigmoid(0.5 * a[t-1]) + x[t] }
  scan t over T { b[t] = elu(0.5 * b[t-1]) + x[t] }
  scan t over T { c[t] = clip(0.5 * c[t-1], -1.0, 1.0) + x[t] }
  output a, b, c
}

# A channel coupling is linear: past a non-linear op (Elman's tanh of
# h @ W) or in a product of two state-dependent values, that op is named;
# through linear ops (a sum, a scale) the coupling stays the reason.
# RUN: sluice dump %s --model coupled --stage recognized --remarks 2>&1 >/dev/null | FileCheck %s --check-prefix=COUPLED
# COUPLED-DAG: remark: scan stays sequential: 'tanh' at 61:26 makes 'e' non-linear
# COUPLED-DAG: remark: scan stays sequential: '*' at 62:39 makes 'p' non-linear (a product of two state-dependent values)
# COUPLED-DAG: remark: scan stays sequential: '@' at 63:40 couples the channels of 'k' (linear, but a parallel scan would combine dense matrices)
# COUPLED-DAG: remark: scan stays sequential: 'sum' at 64:32 couples the channels of 's'
model coupled {
  dims B, T, D
  input x : f32[B, T, D]
  param W : f32[D, D]
  scan t over T { e[t] = tanh(e[t-1] @ W + x[t]) }
  scan t over T { p[t] = (p[t-1] @ W) * p[t-1] + x[t] }
  scan t over T { k[t] = 0.5 * (k[t-1] @ W) - x[t] }
  scan t over T { s[t] = 0.5 * sum(s[t-1], D, keepdims=true) + x[t] }
  output e, p, k, s
}
