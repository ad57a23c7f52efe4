"""Runs the command line in-process, as a person would from the shell."""

from __future__ import annotations

from mailbot.cli import main


def run_cli(argv, capsys) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `mailbot ARGV`."""
    try:
        main(list(argv))
    except SystemExit as e:
        code = e.code or 0
    else:
        code = 0
    out, err = capsys.readouterr()
    return code, out, err
