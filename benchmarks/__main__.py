"""`make bench`: run every benchmarks/bench_*.py module and print its tables.

Each module exposes `run(*, quick: bool) -> list[Table]`. `--quick` uses small sizes so the
benchmarks themselves can be smoke-tested; `--only NAME` runs one module.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time

import benchmarks


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--only", action="append", default=[], help="run only these modules")
    args = parser.parse_args()
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    if args.only:
        names = [n for n in names if n in args.only or n.removeprefix("bench_") in args.only]
    started = time.perf_counter()
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"# {name} ...", file=sys.stderr, flush=True)
        for table in module.run(quick=args.quick):
            print(table.render(), flush=True)
    print(f"\n(total {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
