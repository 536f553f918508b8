#!/bin/bash
# Instructions of every process of one command (callgrind), printed per process and in total.
#
#     bench/cg_processes.sh OUTDIR /root/.pyenv/versions/3.11.7/bin/python3.11 -m importer convert ...
#
# Use the interpreter's real binary (a pyenv shim breaks valgrind) and write byte code first
# (python -m compileall -q importer), or every process counts its compiling too.
# A forked child's count is zeroed at the fork (--zero-before=PyOS_AfterFork_Child): without it
# a child's count includes its parent's instructions before the fork (sessions 1-8 summed those
# twice; see bench/README.md, "Side by side, session 9").
set -euo pipefail
out=$1
shift
rm -rf "$out"
mkdir -p "$out"
PYTHONHASHSEED=0 valgrind --tool=callgrind --trace-children=yes --zero-before=PyOS_AfterFork_Child \
    --callgrind-out-file="$out/cg.%p" "$@" >/dev/null 2>"$out/valgrind.log"
total=0
for file in "$out"/cg.*; do
    count=$(grep -m1 '^totals:' "$file" | awk '{print $2}')
    echo "$(basename "$file") $count"
    total=$((total + count))
done
echo "TOTAL $total"
