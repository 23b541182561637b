#!/usr/bin/env python3
"""Writes, prints and compares small .npy files for the `sluice run` lit tests
(NumPy is not needed).

  npy.py write PATH DESCR SHAPE VALUES [--fortran] [--major N] [--drop N]
      SHAPE: "2,3" (or "" for a scalar); VALUES: "1,2.5,-3" (or "").
      --fortran marks the array Fortran-ordered, --major sets the format
      version, --drop removes N bytes from the end (a truncated file).
  npy.py print PATH
      One line: "DESCR [SHAPE]: v1 v2 ..." (values as %.10g).
  npy.py close A B [RTOL]
      Exits 1, naming the first element that differs, unless the arrays
      have the same shape and agree within RTOL (default 1e-6) or are equal (infinities);
      NaN never agrees.
  npy.py closedir DIR_A DIR_B [RTOL]
      `close` for every .npy file of DIR_A and its namesake in DIR_B (the
      two folders must hold the same names).
"""
import os
import struct
import sys

FORMATS = {"f2": "e", "f4": "f", "f8": "d", "i4": "i"}


def fmt(descr):
    return ("<" if descr[0] in "<|=" else ">") + FORMATS[descr[1:]]


def write(path, descr, shape, values, fortran=False, major=1, drop=0):
    dims = tuple(int(d) for d in shape.split(",") if d)
    nums = [float(v) for v in values.split(",") if v]
    shape_text = "(%s)" % (", ".join(map(str, dims)) + ("," if len(dims) == 1 else ""))
    header = "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }" % (
        descr, "True" if fortran else "False", shape_text)
    prefix = 10 if major == 1 else 12
    header += " " * ((64 - (prefix + len(header) + 1) % 64) % 64) + "\n"
    length = struct.pack("<H" if major == 1 else "<I", len(header))
    cast = int if descr[1] == "i" else float
    data = b"".join(struct.pack(fmt(descr), cast(v)) for v in nums)
    blob = b"\x93NUMPY" + bytes([major, 0]) + length + header.encode() + data
    with open(path, "wb") as f:
        f.write(blob[:len(blob) - drop])


def read(path):
    blob = open(path, "rb").read()
    assert blob[:6] == b"\x93NUMPY", path + ": bad magic"
    size = 2 if blob[6] == 1 else 4
    length = int.from_bytes(blob[8:8 + size], "little")
    header = eval(blob[8 + size:8 + size + length].decode())
    data = blob[8 + size + length:]
    f = fmt(header["descr"])
    count = len(data) // struct.calcsize(f)
    values = list(struct.unpack(f[0] + f[1] * count, data))
    return header["descr"], list(header["shape"]), values


def close(path_a, path_b, rtol):
    (_, sa, a), (_, sb, b) = read(path_a), read(path_b)
    if sa != sb:
        print("%s: shapes differ: %s vs %s" % (os.path.basename(path_a), sa, sb))
        return 1
    for i, (x, y) in enumerate(zip(a, b)):
        if not (x == y or abs(x - y) <= rtol * max(1.0, abs(x), abs(y))):
            print("%s: element %d differs: %r vs %r" % (os.path.basename(path_a), i, x, y))
            return 1
    print("%s: close: %d elements" % (os.path.basename(path_a), len(a)))
    return 0


def main(argv):
    if argv[1] == "write":
        opts = {"--fortran": False, "--major": 1, "--drop": 0}
        rest = argv[6:]
        while rest:
            key = rest.pop(0)
            opts[key] = True if key == "--fortran" else int(rest.pop(0))
        write(argv[2], argv[3], argv[4], argv[5], opts["--fortran"],
              opts["--major"], opts["--drop"])
    elif argv[1] == "print":
        descr, shape, values = read(argv[2])
        print("%s %s: %s" % (descr, shape, " ".join("%.10g" % v for v in values)))
    elif argv[1] in ("close", "closedir"):
        rtol = float(argv[4]) if len(argv) > 4 else 1e-6
        if argv[1] == "close":
            return close(argv[2], argv[3], rtol)
        names = sorted(n for n in os.listdir(argv[2]) if n.endswith(".npy"))
        others = sorted(n for n in os.listdir(argv[3]) if n.endswith(".npy"))
        if names != others or not names:
            print("the folders hold different outputs: %s vs %s" % (names, others))
            return 1
        for n in names:
            if close(os.path.join(argv[2], n), os.path.join(argv[3], n), rtol):
                return 1
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
