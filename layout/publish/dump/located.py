"""Text that remembers where each character stood in the dump.

Every decision the importer reports names a line and column of the dump;
paragraphs are joined, datelines split off and marks converted long after
reading, so each character carries its (line, column) along.
"""

from __future__ import annotations

from dataclasses import dataclass

#: (line, column) in the dump, both 1-based; column counts characters.
Where = tuple[int, int]


@dataclass(frozen=True)
class Located:
    """A text and, per character, its (line, column) in the dump.

    Joining, slicing and replacing keep the two in step; a character the
    importer inserts (the line break between two caption blocks kept apart)
    carries (0, 0).
    """

    text: str
    where: tuple[Where, ...]

    def __post_init__(self):
        assert len(self.text) == len(self.where), (self.text, len(self.where))

    @classmethod
    def of_line(cls, text: str, line: int, first_column: int = 1) -> "Located":
        """A line's text starting at ``first_column``."""
        return cls(text, tuple((line, first_column + i) for i in range(len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def __getitem__(self, s: slice) -> "Located":
        if not isinstance(s, slice):
            raise TypeError("slice a Located with a slice; .text[i] for a character")
        return Located(self.text[s], self.where[s])

    def __add__(self, other: "Located") -> "Located":
        return Located(self.text + other.text, self.where + other.where)

    @property
    def start(self) -> Where:
        """Where the first character stood ((0, 0) when empty)."""
        return self.where[0] if self.where else (0, 0)

    @property
    def end(self) -> Where:
        """Where the last character stood ((0, 0) when empty)."""
        return self.where[-1] if self.where else (0, 0)

    def strip(self, chars: str | None = None) -> "Located":
        """Whitespace (or ``chars``) off both ends, as str.strip."""
        t = self.text
        left = len(t) - len(t.lstrip(chars))
        right = len(t.rstrip(chars))
        return self[left:max(left, right)]

    def replace_at(self, i: int, ch: str) -> "Located":
        """Character ``i`` replaced by ``ch`` (one character), same place."""
        return Located(self.text[:i] + ch + self.text[i + 1:], self.where)

    def delete_at(self, i: int) -> "Located":
        return Located(self.text[:i] + self.text[i + 1:], self.where[:i] + self.where[i + 1:])
