"""The project's one exception type for unusable input."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: names the file, the field path and what was expected.

    Args:
        file: the file the problem is in (as the user named it, or relative
            to the issue folder).
        field: a dotted field path such as ``articles[2].place.span``; empty
            when the problem is the file itself.
        expected: what was expected, in words a production editor reads.
        found: optional: what was found instead.

    The CLI prints ``str(error)`` and exits with status 2; no traceback.
    """

    def __init__(self, file: str, field: str, expected: str, found: object = None):
        self.file = str(file)
        self.field = field
        self.expected = expected
        self.found = found
        where = self.file + (f": {field}" if field else "")
        msg = f"{where}: expected {expected}"
        if found is not None:
            shown = repr(found)
            if len(shown) > 80:
                shown = shown[:77] + "..."
            msg += f", found {shown}"
        super().__init__(msg)
