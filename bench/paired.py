#!/usr/bin/env python3
"""Times commands taking turns, for the ratios `make bench` states: round r runs each command
once, starting with command r mod n, so that a host slowing down for a few seconds slows every
command alike (run one after the other, as hyperfine runs them, a slow spell falling on one
command's batch swung a ratio by 25% on this machine). Each command is spawned directly (no
shell; write `sh -c '…'` for one), its output discarded, and timed from spawn to exit; one that
fails stops the bench.

usage: paired.py JSON WARMUP RUNS COMMAND...
Writes JSON in hyperfine's --export-json shape (results: command, mean, stddev, median, times)."""
import json
import os
import shlex
import statistics
import sys
import time


# The commands' output goes to /dev/null, as hyperfine's does.
QUIET = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0), (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0)]


def timed(argv):
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=QUIET)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"paired.py: {shlex.join(argv)} failed")
    return elapsed


def main():
    out, warmup, runs, commands = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    argvs = [shlex.split(c) for c in commands]
    times = [[] for _ in commands]
    for r in range(warmup + runs):
        for k in range(len(commands)):
            i = (r + k) % len(commands)
            t = timed(argvs[i])
            if r >= warmup:
                times[i].append(t)
    results = [
        {"command": c, "mean": statistics.mean(t), "stddev": statistics.stdev(t), "median": statistics.median(t), "times": t}
        for c, t in zip(commands, times)
    ]
    with open(out, "w") as f:
        json.dump({"results": results}, f)


main()
