"""The figures of one `make bench` run, for the summary over several (bench/summary.py): each
`record` appends NAME, VALUE, the target's comparison and bound to $BENCH_FIGURES (nothing when
it is unset). From the shell: python3 bench/figures.py NAME VALUE OP BOUND."""
import os, sys


def record(name, value, op="", bound=""):
    path = os.environ.get("BENCH_FIGURES")
    if path:
        with open(path, "a") as f:
            f.write(f"{name}\t{value:.6g}\t{op}\t{bound}\n")


if __name__ == "__main__":
    name, value, *goal = sys.argv[1:]
    record(name, float(value), *goal)
