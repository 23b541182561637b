# RUN: not sluice dump %s --stage parsed 2>&1 | FileCheck %s
# A 300-column line is shown clipped to 120 columns around the caret, with
# "..." at each cut.
# CHECK: {{.*}}err-long-line-clipped.sl:10:251: error: unknown name 'y'
# CHECK-NEXT: {{^}}...x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + y + x + x + x + x + x + x + x + x + x + x + x + x + x + x + ...{{$}}
# CHECK-NEXT: {{^}}                                                               ^{{$}}
model m {
  dims B
  input x : f32[B]
  let a = x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + y + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x
  output a
}
