# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# CHECK: err-last-varies.sl:9:35: error: last(g) [T] varies over T, which this scan block steps through
# CHECK-NEXT: {{^}}  scan t over T { h[t] = h[t-1] + last(g) }
# CHECK-NEXT: {{^}}                                  ^
model m {
  dims S, T
  input x : f32[S, T]
  scan s over S { g[s] = x[s] }
  scan t over T { h[t] = h[t-1] + last(g) }
  output h
}
