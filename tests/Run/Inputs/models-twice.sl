model a {
  dims T
  input x : f32[T]
  output y = x * 2.0
}
model a {
  dims T
  input x : f32[T]
  output y = x * 3.0
}
model b {
  dims T
  input x : f32[T]
  output y = x * 4.0
}
