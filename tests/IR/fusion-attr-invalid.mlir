// RUN: sluice-opt %s -split-input-file -verify-diagnostics
// #sl.fusion takes one of its six decisions, at the attribute.

func.func @unknown(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{expected ::sluice::sl::Fusion to be one of: inline, store_result, store_shared, store_deep, store_wide, store_unfused}}
  // expected-error @+1 {{failed to parse Sluice_FusionAttr parameter 'value'}}
  %e = math.exp %x {sl.fusion = #sl.fusion<sometimes>} : tensor<?xf32>
  return %e : tensor<?xf32>
}
