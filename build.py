#!/usr/bin/env python3
"""Build the Kazakhstan persecution briefing: validate data/, run notebooks/, render build/briefing.{html,pdf}.

Examples:
  python build.py                          build everything (cached: unchanged notebooks are not re-run)
  python build.py --only 01_sentencing     one notebook (its chapter alone)
  python build.py -p start_year=2011 -p events='[zhanaozen-2011]'
  python build.py --params my-params.yml --data-dir ~/my-data --format html
  python build.py --list                   notebooks and their parameters
  python build.py validate [DATA_DIR]      check the data without building

Parameter values are typed like papermill's (True, None, 3, 0.5, text); lists use YAML: '[a, b]'.
Exit status: 0 built or up to date, 1 data or notebook failure, 2 bad usage or parameters,
130 interrupted (Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))  # works before `pip install -e .` too

from kzbrief import paths  # noqa: E402


def seconds(text: str, *, zero_allowed: bool) -> float:
    """A finite number of seconds for --cell-timeout (above 0) and --wait-for-lock (0: do not wait)."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 <= value < float("inf")) or (value == 0 and not zero_allowed):  # nan fails every comparison
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds {'of at least' if zero_allowed else 'above'} 0, got {text!r}"
        )
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="build.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "command",
        nargs="?",
        choices=["build", "validate"],
        default="build",
        help="build (default) or validate the data only",
    )
    parser.add_argument("target", nargs="?", type=Path, help="with validate: the data folder (default: data/)")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NOTEBOOK",
        help="run only this notebook (name or stem); repeatable",
    )
    parser.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a notebook parameter; repeatable; checked against the notebooks' parameters",
    )
    parser.add_argument("--params", type=Path, metavar="FILE", help="YAML file of parameter overrides (-p wins)")
    parser.add_argument(
        "--notebooks-dir",
        type=Path,
        default=paths.NOTEBOOKS_DIR,
        help="folder of notebooks to run (default: notebooks/)",
    )
    parser.add_argument(
        "--data-dir", type=Path, default=paths.DATA_DIR, help="data folder to build from (default: data/)"
    )
    parser.add_argument(
        "--out-dir", type=Path, default=paths.BUILD_DIR, help="where the briefing and the cache go (default: build/)"
    )
    parser.add_argument(
        "--figures-dir",
        type=Path,
        default=None,
        help="where figures are exported as PNG and SVG (default: figures/ for the default out dir, "
        "else OUT_DIR/figures)",
    )
    parser.add_argument("--format", choices=["html", "pdf", "all"], default="all", help="what to render (default: all)")
    parser.add_argument(
        "--jobs", "-j", type=int, default=os.cpu_count() or 1, help="notebooks executed at once (default: cores)"
    )
    parser.add_argument("--force", action="store_true", help="ignore the cache: execute and render everything")
    parser.add_argument(
        "--cell-timeout",
        type=lambda text: seconds(text, zero_allowed=False),
        default=None,
        metavar="SECONDS",
        help="stop the build when one notebook cell runs longer than this (default: 600)",
    )
    parser.add_argument(
        "--wait-for-lock",
        type=lambda text: seconds(text, zero_allowed=True),
        default=None,
        metavar="SECONDS",
        help="how long to wait for another build using the same out dir; 0 stops at once (default: 900)",
    )
    parser.add_argument("--list", action="store_true", help="list the notebooks and their parameters, then exit")
    return parser.parse_args(argv)


class Interrupted(BaseException):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so every `finally` (workers, lock) runs."""


def _raise_interrupted(signum, frame):
    raise Interrupted()


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _raise_interrupted)
    try:
        return _run(args)
    except KeyboardInterrupt:
        return _interrupted(130)
    except Interrupted:
        return _interrupted(143)


def _interrupted(status: int) -> int:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one message, even if the signal is sent again
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    print("build interrupted; the previous briefing was left untouched", file=sys.stderr)
    return status


def _run(args) -> int:
    from kzbrief.pipeline import briefing, parameters
    from kzbrief.pipeline.execution import NotebookFailed

    if args.command == "validate":
        from kzbrief.__main__ import main as kzbrief_main  # the same command as `python -m kzbrief validate`

        return kzbrief_main(["validate", str(args.target or args.data_dir)])
    try:
        if args.list:
            print(briefing.describe_notebooks(args.notebooks_dir))
            return 0
        overrides = parameters.load_params_file(args.params) if args.params else {}
        overrides.update(parameters.parse_assignment(p) for p in args.parameter)
        limits = {
            name: value
            for name, value in (("cell_timeout", args.cell_timeout), ("wait_for_lock", args.wait_for_lock))
            if value is not None
        }
        options = briefing.BuildOptions(
            notebooks_dir=args.notebooks_dir,
            data_dir=args.data_dir,
            build_dir=args.out_dir,
            figures_dir=args.figures_dir,
            only=args.only,
            overrides=overrides,
            jobs=args.jobs,
            force=args.force,
            formats=("html", "pdf") if args.format == "all" else (args.format,),
            **limits,
        )
        briefing.build(options)
        return 0
    except parameters.ParameterError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except NotebookFailed as exc:
        kept = f"\nThe failed notebook, with its outputs, is kept at {exc.kept}." if exc.kept.exists() else ""
        print(f"error: {exc}{kept}\nThe previous briefing was left untouched.", file=sys.stderr)
        return 1
    except briefing.BuildError as exc:
        return briefing.main_error(exc)
    except OSError as exc:  # a folder or file the build needs, unusable in a way not checked up front
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
