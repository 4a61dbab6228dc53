"""``python -m benchmarks [suite ...] [--repeat N] [--quick] [--case NAME] [--no-write]``."""

import argparse
import os
import shlex
import sys
import time

from . import _harness, load_suite, suite_names

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "RESULTS.md")


def _parse(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Time ember against its reference libraries, side by side.",
    )
    parser.add_argument(
        "suites", nargs="*", help=f"suites to run (default: all of {suite_names()})"
    )
    parser.add_argument("--repeat", type=int, default=None, help="timed samples per case (7)")
    parser.add_argument(
        "--quick", action="store_true", help="3 short samples per case, a smoke test"
    )
    parser.add_argument("--case", action="append", help="run only this case (repeatable)")
    parser.add_argument(
        "--threads", type=int, default=None, help="threads for both libraries (all cores)"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; do not rewrite RESULTS.md"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in args.suites if name not in suite_names()]
    if unknown:
        parser.error(f"unknown suite {unknown[0]!r}; available: {', '.join(suite_names())}")
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = _parse(argv)
    repeat = args.repeat or (3 if args.quick else 7)
    min_sample_s = 0.005 if args.quick else 0.02
    threads = args.threads or _harness.core_count()
    suites = args.suites or suite_names()
    modules = [load_suite(name) for name in suites]  # fail on a bad name before timing
    limiter = _harness.set_threads(threads)  # noqa: F841 - keeps the limits in force
    command = "python -m benchmarks" + ("".join(" " + shlex.quote(a) for a in argv))
    info = _harness.machine_info(threads)
    print(f"# {command}")
    for key, value in info.items():
        print(f"# {key}: {value}")
    failed = False
    for name, module in zip(suites, modules):
        print(f"\n## {name} (reference: {module.REFERENCE})")
        results = []
        for case in module.cases():
            if args.case and case.name not in args.case:
                continue
            start = time.perf_counter()
            try:
                result = _harness.time_case(
                    case,
                    repeat=repeat,
                    min_sample_s=min_sample_s,
                    quiet_wait_s=2.0 if args.quick else 10.0,
                )
            except _harness.VerificationError as error:
                print(f"ABORTED {error}", file=sys.stderr)
                failed = True
                continue
            results.append(result)
            row = _harness.rows([result])[1]
            print(
                f"  {row[0]}: {row[1]} vs {row[2]} -> ratio {row[3]} "
                f"(target {row[4]}: {row[5]}) [{time.perf_counter() - start:.1f} s]"
            )
        notes = module.notes(results) if hasattr(module, "notes") else []
        print()
        print(_harness.text_table(_harness.rows(results)))
        for note in notes:
            print(f"* {note}")
        complete = not args.case and len(results) == len(module.cases())
        if not args.no_write and not args.quick and complete:
            descriptions = [(c.name, c.description) for c in module.cases() if c.description]
            text = _harness.section(
                name, module.REFERENCE, results, command, info, notes, descriptions
            )
            _harness.write_section(RESULTS, name, text)
            print(f"(wrote the {name} section of {os.path.relpath(RESULTS)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
