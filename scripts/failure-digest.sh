#!/usr/bin/env bash
# Prints, for each test that failed in the last ctest run of build folder
# $1, the lines of its output that say why (sanitizer reports, aborts,
# failed assertions) and its last lines. scripts/test.sh keeps it after a
# failed ctest run and prints it last, so that the cause ends a long CI log.
set -uo pipefail
build="$1"
failed="$build/Testing/Temporary/LastTestsFailed.log"
log="$build/Testing/Temporary/LastTest.log"
[ -f "$failed" ] && [ -f "$log" ] || exit 0
echo "== why the tests of $build failed (scripts/failure-digest.sh)"
while IFS= read -r line; do
  name="${line#*:}"
  section=$(awk -v name="$name" '
    $0 ~ "^[0-9]+/[0-9]+ Testing: " { inside = (substr($0, index($0, ": ") + 2) == name) }
    inside { print }
    inside && $0 ~ "^\".*\" end time:" { inside = 0 }' "$log")
  echo "---- $name: the lines that say why"
  grep -n -E 'ERROR|Sanitizer|runtime error|[Aa]bort|Assertion|terminate|what\(\)|Failure|FAILED|Segmentation|signal' \
    <<<"$section" | head -n 40
  echo "---- $name: its last lines"
  tail -n 40 <<<"$section"
done <"$failed"
