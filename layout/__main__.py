"""``python -m layout`` is the ``broadsheet`` command."""

from .cli import main

main(prog_name="broadsheet")
