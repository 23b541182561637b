#!/usr/bin/env python3
"""Writes a large model to stdout, for compile-time scaling tests.

  gen-large-model.py lets N      N chained lets  v_i = v_{i-1} * 0.5 + x
  gen-large-model.py scans N     N scan blocks, each an EMA of the previous one
  gen-large-model.py outputs N   N outputs, each its own expression of x
  gen-large-model.py sum N       one flat sum of N terms x + x + ... + x
  gen-large-model.py loopsum N   a non-linear scan whose step sums N terms
  gen-large-model.py balanced N  a balanced sum of N distinct terms x * k
  gen-large-model.py weak N      N literal-only lets, each doubling the last
"""
import sys


def header(lines):
    lines += ["model big {", "  dims B, T, D", "  input x : f32[B, T, D]"]


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    lines = []
    header(lines)
    if kind == "lets":
        lines.append("  let v0 = x")
        for i in range(1, n + 1):
            lines.append(f"  let v{i} = v{i - 1} * 0.5 + x")
        lines.append(f"  output y = v{n}")
    elif kind == "scans":
        prev = "x"
        for i in range(n):
            lines.append(f"  scan t over T {{ h{i}[t] = 0.5 * h{i}[t-1] + {prev}[t] }}")
            prev = f"h{i}"
        lines.append(f"  output y = {prev}")
    elif kind == "outputs":
        items = ", ".join(f"o{i} = x * {i}.0 + 1.0" for i in range(n))
        lines.append(f"  output {items}")
    elif kind == "loopsum":
        terms = " + ".join(["x[t]"] * n)
        lines.append(f"  scan t over T {{ h[t] = tanh(h[t-1]) + {terms} }}")
        lines.append("  output h")
    elif kind == "balanced":
        def balanced(first, count):
            if count == 1:
                return f"x * {first}.0"
            half = count // 2
            return ("(" + balanced(first, half) + " + " +
                    balanced(first + half, count - half) + ")")
        lines.append("  output y = " + balanced(1, n))
    elif kind == "weak":
        lines.append("  let c0 = 1.0")
        for i in range(1, n + 1):
            lines.append(f"  let c{i} = c{i - 1} + c{i - 1}")
        lines.append(f"  output y = x * c{n}")
    elif kind == "sum":
        lines.append("  output y = " + " + ".join(["x"] * n))
    else:
        sys.exit(f"unknown kind {kind!r}")
    lines.append("}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
