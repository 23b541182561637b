#!/usr/bin/env python3
"""Diagnostic variants of an OpenCL artifact's one-pass look-back kernel.

    python3 variants.py ARTIFACT OUT_DIR [--variants nowait,nofence,...]

Writes OUT_DIR/var_NAME/MODEL (a copy of ARTIFACT whose kernels.cl is
edited and whose manifest carries the edited file's checksum, so that
sluice-run loads it), one per variant. Each variant removes one phase of
the one-pass kernel (`*_onepass`, codegen/opencl/OnePassPrinter.cpp) to
show what that phase costs on a device; most give WRONG results (sweep.py
prints their error) and exist only to be timed:

  nowait          the look-back never polls: the carry is composed from the
                  previous block's slot whatever its flag says (wrong)
  nofence         SLUICE_DEVICE_FENCE is empty (may be wrong: the flags can
                  then overtake the aggregates and carries they publish)
  nowait_nofence  both of the above (wrong)
  fence0          the fences before each flag run in work-item 0 only, after
                  the work-group barrier (right on NVIDIA if PTX's fences are
                  cumulative over the barrier, as its memory model says)
  noagg           no aggregate phase: the apply alone (12 bytes per element
                  of h = a*h + b) with the look-back and carries (wrong)

Time them with sweep.py through bench.sh, the artifact folder given by
SLUICE_ARTIFACTS=OUT_DIR/var_NAME (benchmarks/NOTES.md, "Seventh session").
The edits match the text the emitter prints today; a variant whose text is
not found stops the script with a message rather than writing a copy that
times the unchanged kernel.
"""
import argparse
import os
import shutil
import sys

FENCE_THEN_FLAG = ("SLUICE_DEVICE_FENCE();\n    barrier(CLK_GLOBAL_MEM_FENCE);\n"
                   "    if (l == 0)\n      atomic_xchg")
FLAG_AFTER_BARRIER = ("barrier(CLK_GLOBAL_MEM_FENCE);\n"
                      "    if (l == 0) SLUICE_DEVICE_FENCE();\n"
                      "    if (l == 0)\n      atomic_xchg")
LOOK_BACK = "long from = blockGroup - 1, polls = 0;\n    while (from >= 0) {"
NO_LOOK_BACK = "long from = blockGroup - 1, polls = 0;\n    while (0) {"
EMPTY_FENCE = "#define SLUICE_DEVICE_FENCE() do {} while (0)\n"


def fnv1a64(data):
    """The artifact manifest's checksum (runtime/Artifact.cpp: FNV-1a, 64 bits)."""
    h = 0xcbf29ce484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return "fnv1a64:%016x" % h


def aggregate_call(text):
    """The one-pass kernel's call of the aggregate's items function."""
    at = text.find("_onepass(")
    start = text.find("    if (active)\n      sl_", at)
    end = text.find("\n", text.find("_items(", start)) + 1
    if at < 0 or start < 0:
        sys.exit("variants.py: no one-pass kernel with an aggregate call found")
    return text[start:end]


def make(text, name):
    """`text` edited as the variant `name` says."""
    def replace(old, new):
        if old not in text:
            sys.exit(f"variants.py: variant '{name}': the emitted text it edits "
                     "was not found (the emitter changed; update variants.py)")
        return text.replace(old, new)
    if name == "nowait":
        return replace(LOOK_BACK, NO_LOOK_BACK)
    if name == "nofence":
        return EMPTY_FENCE + text
    if name == "nowait_nofence":
        return EMPTY_FENCE + replace(LOOK_BACK, NO_LOOK_BACK)
    if name == "fence0":
        return replace(FENCE_THEN_FLAG, FLAG_AFTER_BARRIER)
    if name == "noagg":
        return replace(aggregate_call(text), "")
    sys.exit(f"variants.py: unknown variant '{name}'")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("artifact")
    p.add_argument("out")
    p.add_argument("--variants", default="nowait,nofence,nowait_nofence,fence0,noagg")
    args = p.parse_args()
    model = os.path.basename(os.path.normpath(args.artifact))
    source = open(os.path.join(args.artifact, "kernels.cl"), "rb").read()
    manifest = open(os.path.join(args.artifact, "manifest.json")).read()
    if fnv1a64(source) not in manifest:
        sys.exit("variants.py: the manifest's checksum is not kernels.cl's")
    for name in args.variants.split(","):
        edited = make(source.decode(), name).encode()
        folder = os.path.join(args.out, f"var_{name}", model)
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder)
        open(os.path.join(folder, "kernels.cl"), "wb").write(edited)
        open(os.path.join(folder, "manifest.json"), "w").write(
            manifest.replace(fnv1a64(source), fnv1a64(edited)))
        print(f"{folder}: {name}")


if __name__ == "__main__":
    main()
