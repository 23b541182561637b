"""Rewrites an artifact's manifest as a forger would: replaces OLD by NEW in
its plan and recomputes the plan's checksum (FNV-1a 64 of the plan's JSON,
the manifest's "plan" member without its two-space indent), so that only the
checksum compiled into kernels.so can tell.

usage: forge-plan.py MANIFEST OLD NEW
"""
import re
import sys


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h ^= byte
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "fnv1a64:%016x" % h


def main():
    path, old, new = sys.argv[1:4]
    text = open(path).read()
    start = text.index('  "plan": ') + len('  "plan": ')
    assert text.endswith("\n}\n"), "unexpected manifest layout"
    head, plan = text[:start], text[start:-3].replace("\n  ", "\n")
    recorded = re.search(r'"plan_checksum": "([^"]*)"', head).group(1)
    assert fnv1a64(plan.encode()) == recorded, "checksum scheme changed"
    assert old in plan, old + " is not in the plan"
    plan = plan.replace(old, new)
    head = head.replace(recorded, fnv1a64(plan.encode()))
    open(path, "w").write(head + plan.replace("\n", "\n  ") + "\n}\n")


if __name__ == "__main__":
    main()
