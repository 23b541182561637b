// RUN: sluice-opt %s | FileCheck %s
// RUN: sluice-opt %s --mlir-print-op-generic | FileCheck %s --check-prefix=GENERIC
// RUN: sluice-opt %s --mlir-print-op-generic | sluice-opt | FileCheck %s
// An sl.scan's matrix and forcing are typed #sl.structure attributes: the op's
// own form writes their compact string, the generic form the attribute, and
// both read back to the same scan.

// CHECK-LABEL: func.func @companion
// CHECK: sl.scan linear steps(%{{.*}}) axis -2 matrix "vc10" forcing "v0"
// GENERIC: forcing = #sl.structure<"v0">
// GENERIC-SAME: matrix = #sl.structure<"vc10">
func.func @companion(%T: index, %a: tensor<?x?x?xf32>, %b: tensor<?xf32>,
                     %x: tensor<?x?x?xf32>, %i: tensor<?x?xf32>)
    -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>) {
  %h:2 = sl.scan linear steps(%T) axis -2 matrix "vc10" forcing "v0"
      coeffs(%a, %b : tensor<?x?x?xf32>, tensor<?xf32>)
      inputs(%x : tensor<?x?x?xf32>)
      init(%i, %i : tensor<?x?xf32>, tensor<?x?xf32>)
      -> tensor<?x?x?xf32>, tensor<?x?x?xf32>
  return %h#0, %h#1 : tensor<?x?x?xf32>, tensor<?x?x?xf32>
}
