"""The project's exception types: unusable input (exit 2) and an
environment that stops the run (exit 3)."""

from __future__ import annotations

import re

#: Characters a message never shows raw: C0 and C1 controls, line and
#: paragraph separators, bidi controls, zero-width characters, lone
#: surrogates (a terminal escape or a line break from the input cannot
#: forge or split the one-line message).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069"
                     "\ufeff\ud800-\udfff]")


def escape(text: str) -> str:
    """``text`` with every control, bidi, zero-width and surrogate character
    written as an escape (``\\x1b``, ``\\u200b``): safe to print on one line."""
    def one(m: re.Match) -> str:
        c = ord(m.group())
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _UNSAFE.sub(one, text)


class Said(str):
    """What was found, put in words (``10,000 characters``) or a number as
    typed (``32.5``): an InputError shows it as it is, not quoted like a
    text from the manifest."""

    def __repr__(self) -> str:
        return str(self)


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
    Control characters anywhere in the message are escaped.
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
        super().__init__(escape(msg))


class EnvError(Exception):
    """The environment stops the run: an output folder that cannot be
    written, a full disk, a cache that cannot be used. One line saying what
    and where; the CLI exits with status 3.

    Args:
        what: what could not be done (``cannot write the output folder``).
        where: the path or setting concerned.
        why: the system's reason (``Permission denied``), optional.
    """

    def __init__(self, what: str, where: str | object = "", why: str = ""):
        self.what, self.where, self.why = what, str(where), why
        msg = what + (f": {self.where}" if self.where else "") + (f" ({why})" if why else "")
        super().__init__(escape(msg))

    @classmethod
    def from_os(cls, what: str, where, exc: OSError) -> "EnvError":
        """An EnvError for an OSError met while doing ``what`` at ``where``."""
        import errno

        why = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is exceeded",
               errno.EROFS: "a read-only file system"}.get(exc.errno, exc.strerror or exc.__class__.__name__)
        return cls(what, where, why)
