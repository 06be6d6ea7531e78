"""The figures of several `make bench` runs side by side: each run's value, the median, the
spread (lowest–highest), and whether the target was met in every run.
Usage: summary.py figures-1.tsv figures-2.tsv …"""
import statistics, sys

runs = []
for path in sys.argv[1:]:
    figures = {}
    for line in open(path):
        name, value, op, bound = line.rstrip("\n").split("\t")
        figures[name] = (float(value), op, bound)
    runs.append(figures)
names = list(dict.fromkeys(name for run in runs for name in run))
print(f"\n## summary of {len(runs)} runs: median (spread) and whether each run met the target\n")
print(f"  {'figure':<44} {'target':>9}  {'median':>9}  {'spread':<19} runs")
for name in names:
    values = [run[name][0] for run in runs if name in run]
    op, bound = next(run[name][1:] for run in runs if name in run)
    met = ""
    if op:
        ok = [v <= float(bound) if op == "<=" else v >= float(bound) for v in values]
        met = "every run" if all(ok) else f"{sum(ok)} of {len(ok)}"
    target = f"{'≤' if op == '<=' else '≥'} {bound}" if op else ""
    spread = f"{min(values):.4g}–{max(values):.4g}"
    print(f"  {name:<44} {target:>9}  {statistics.median(values):>9.4g}  {spread:<19} {met}")
