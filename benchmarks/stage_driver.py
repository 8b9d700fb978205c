"""Run ``broadsheet build`` in this process and print how long each stage
took, as one JSON line on stderr (used by bench_speed.py; not a command of
its own).

Stages: ``imports`` (from the process's start, given in the environment as
BENCH_T0 = time.time() just before it was spawned, to the command's start:
the interpreter and the modules the command imports up front),
``manifests`` (reading and checking the issue, normalizing punctuation),
``fonts`` (the font configuration and faces), ``composing`` (laying out
every page), ``drawing and writing`` (the rest: page PDFs, the issue PDF,
build.json, with the modules imported on the way). Wall-clock seconds;
``cpu`` is the process's CPU time at the end.

Usage: python benchmarks/stage_driver.py ISSUE_DIR [build options...]
"""

import os
import sys
import time

T_START = float(os.environ.get("BENCH_T0", "0") or 0) or time.time()

from layout import cli  # noqa: E402  (the command's own imports)
import layout.publish.build as B  # noqa: E402

marks = {}


def timed(name, fn):
    def wrapper(*a, **k):
        t = time.time()
        try:
            return fn(*a, **k)
        finally:
            marks[name] = marks.get(name, 0.0) + time.time() - t
    return wrapper


def main() -> None:
    t_ready = time.time()
    cpu_ready = time.process_time()
    B.load_issue = timed("manifests", B.load_issue)
    B.normalize_issue = timed("manifests", B.normalize_issue)
    B.FontSet.load = timed("fonts", B.FontSet.load.__func__).__get__(B.FontSet)
    B.make_issue_spread = timed("composing", B.make_issue_spread)
    t_cmd = time.time()
    code = 0
    try:
        # as the broadsheet command runs it (its exit included)
        cli.main(["build", *sys.argv[1:]], prog_name="broadsheet")
    except SystemExit as exc:
        code = exc.code
    finally:
        t_end = time.time()
        total = t_end - T_START
        out = {"imports": t_ready - T_START, "imports_cpu": cpu_ready}
        out.update({k: round(v, 4) for k, v in marks.items()})
        out["drawing and writing"] = t_end - t_cmd - sum(marks.values())
        out["total"] = total
        out["cpu"] = time.process_time()
        import json
        sys.stderr.write("STAGES " + json.dumps({k: round(v, 4) for k, v in out.items()}) + "\n")
    sys.exit(code)


if __name__ == "__main__":
    main()
