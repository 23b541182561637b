#!/usr/bin/env python3
"""Regenerates the PARSED (and NOLOOP) FileCheck lines at the top of examples/*.sl.

The PARSED block checks the model's signature (every argument's and result's
name, in order), the sequence of `sl` and `math` ops IRGen emits (with the
structural attributes of loops, shifts and prefix ops), each loop's state
names and the source location of its block arguments. Review the diff: the
checks are meant to fail when IRGen drops or reorders an op.

    scripts/update-example-checks.py [examples/NAME.sl ...]
"""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLUICE = ROOT / "build" / "bin" / "sluice"
OP = re.compile(r"= ((?:sl|math)\.\w+)(.*)$")
STRUCTURAL = {"sl.loop", "sl.shift", "sl.cumulative", "sl.reduce", "sl.last"}


def dump(path, stage):
    return subprocess.run([str(SLUICE), "dump", str(path), "--stage", stage],
                          check=True, capture_output=True, text=True).stdout


def op_check(name, rest):
    """The check text of one op: its name, plus attributes for structural ops."""
    if name not in STRUCTURAL:
        return name
    if name == "sl.loop":
        m = re.search(r"(axis -?\d+ lags \[[\d, ]*\])", rest)
        return f"sl.loop steps({{{{.*}}}}) {m.group(1)}" if m else name
    # `%x axis A ...` up to the type.
    attrs = re.sub(r"%[\w#]+", "{{.*}}", rest.split(" : ")[0]).strip()
    return f"{name} {attrs}"


def parsed_block(path):
    text = dump(path, "parsed")
    lines = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("func.func @"):
            name = re.match(r"func.func @(\w+)\(", s).group(1)
            lines.append(f"# PARSED-LABEL: func.func @{name}(")
            for arg in re.findall(r'sl\.name = "(\w+)"', s):
                lines.append(f'# PARSED-SAME: sl.name = "{arg}"')
            continue
        m = OP.search(s)
        if m:
            lines.append(f"# PARSED: {op_check(m.group(1), m.group(2))}")
            continue
        if s.startswith("^bb0("):
            loc = re.search(r'loc\("[^"]*/([\w.]+)":(\d+):(\d+)\)', s)
            if loc:
                lines.append(f'# PARSED: ^bb0({{{{.*}}}}loc("{{{{.*}}}}{loc.group(1)}":'
                             f'{loc.group(2)}:{loc.group(3)})')
            continue
        m = re.search(r"\{sl\.state_names = (\[.*?\])\}", s)
        if m:
            lines.append(f"# PARSED: {{sl.state_names = {m.group(1)}}}")
            continue
        if s.startswith("return "):
            lines.append("# PARSED: return")
    return lines


def update(path):
    source = path.read_text().splitlines()
    kept = [l for l in source
            if not re.match(r"# (PARSED|NOLOOP)(-[A-Z]+)?:", l)]
    block = parsed_block(path)
    if any(l.startswith("# RUN:") and "NOLOOP" in l for l in kept):
        names = re.findall(r"^model (\w+)", path.read_text(), re.M)
        for name in names:
            block += [f"# NOLOOP-LABEL: func.func @{name}(",
                      "# NOLOOP-NOT: sl.loop", "# NOLOOP: return"]
    # The leading RUN/CHECK comment lines: RUN lines first, then the other
    # checks as they were, then the generated block.
    at = 0
    while at < len(kept) and re.match(r"# [A-Z]+(-[A-Z]+)?:", kept[at]):
        at += 1
    runs = [l for l in kept[:at] if l.startswith("# RUN:")]
    checks = [l for l in kept[:at] if not l.startswith("# RUN:")]
    header = runs + checks + block
    # The model's lines move by the header's change in length: so do the
    # line numbers in the checks (remarks, locations).
    delta = len(header) - (len(source) - len(kept) + at)
    shift = lambda m: f"{m.group(1)}{int(m.group(2)) + delta}:{m.group(3)}"
    header = [re.sub(r"(\.sl\":?|\.sl:| at )(\d+):(\d+)", shift, l)
              if not l.startswith("# RUN:") else l for l in header]
    path.write_text("\n".join(header + kept[at:]) + "\n")


if __name__ == "__main__":
    files = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "examples").glob("*.sl"))
    for f in files:
        update(f)
        print(f"updated {f}")
