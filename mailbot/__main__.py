"""`python -m mailbot`: the command line."""

from mailbot.cli import main

main()
