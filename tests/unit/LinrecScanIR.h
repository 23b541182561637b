//===- LinrecScanIR.h - The IR of one scan, for code-generator tests -*- C++ -*-===//
//
// h[t] = x[t] * h[t-1] + x[t] over x : [B, T, D] as `parsed`-stage IR with
// the scan already recognised: the smallest model whose plan has both scan
// alternatives (channel-parallel and look-back).
//
//===----------------------------------------------------------------------===//
#ifndef SLUICE_TESTS_UNIT_LINRECSCANIR_H
#define SLUICE_TESTS_UNIT_LINRECSCANIR_H

#include <string>

namespace sluice::testing {

/// The function `@m`; `scanAttributes` (e.g. "{schedule = ...} ") goes
/// before the scan's result type, `scanLocation` (e.g. `loc("m.sl":4:7)`)
/// after it.
inline std::string linrecScanIR(const std::string &scanAttributes = "",
                                const std::string &scanLocation = "") {
  return "func.func @m(%x: tensor<?x?x?xf32> {sl.dims = [\"B\", \"T\", \"D\"]}) "
         "-> tensor<?x?x?xf32> attributes {sl.dims = [\"B\", \"T\", \"D\"]} {\n"
         "  %c0 = arith.constant 0 : index\n"
         "  %c1 = arith.constant 1 : index\n"
         "  %c2 = arith.constant 2 : index\n"
         "  %B = tensor.dim %x, %c0 : tensor<?x?x?xf32>\n"
         "  %T = tensor.dim %x, %c1 : tensor<?x?x?xf32>\n"
         "  %D = tensor.dim %x, %c2 : tensor<?x?x?xf32>\n"
         "  %z = arith.constant dense<0.0> : tensor<f32>\n"
         "  %h0 = sl.broadcast %z dims [] sizes(%B, %D) : tensor<f32> -> tensor<?x?xf32>\n"
         "  %h = sl.scan linear steps(%T) axis -2 matrix \"v\" forcing \"v\" "
         "coeffs(%x : tensor<?x?x?xf32>) inputs(%x : tensor<?x?x?xf32>) "
         "init(%h0 : tensor<?x?xf32>) " +
         scanAttributes + "-> tensor<?x?x?xf32>" +
         (scanLocation.empty() ? "" : " " + scanLocation) +
         "\n"
         "  return %h : tensor<?x?x?xf32>\n}\n";
}

} // namespace sluice::testing

#endif // SLUICE_TESTS_UNIT_LINRECSCANIR_H
