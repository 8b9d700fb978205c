"""Composition styles by text role: the one place house options reach a line.

Every line the engine sets belongs to a text role (body, headline, caption,
running head ...). :func:`style_for` builds the composer's
:class:`~layout.text.compose.ComposeStyle` for a role from the issue's house
options (``issue.yaml`` ``house:``) and the role's own settings in
:data:`ROLE_RULES`. Nothing else constructs a ComposeStyle, so a new house
option is added here once and reaches heads, bylines, captions, ad lines,
the running head, the masthead and the proof slug alike.

House options applied to every role:
- ``level``: the line-start prohibition level (clreq 3.1.7).
- ``open_at_start_half``: an opening mark at a line start takes 1/2 em
  (clreq 3.1.6 allows it). It does not apply at the start of an indented
  paragraph, so a body paragraph's 2-em indent stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.issue import House
from .compose import ComposeStyle


@dataclass(frozen=True)
class RoleRule:
    """A text role's own composition settings.

    Attributes:
        indent: first-line indent in em (clreq 3.4.1: 2 for body paragraphs).
        justify: lines other than the last set flush on both sides.
        heads: headline mode: break at typed spaces and marks first.
    """

    indent: float = 0.0
    justify: bool = False
    heads: bool = False


#: Each role's own settings. Body and caption paragraphs are indented 2 em
#: and justified (shared/docs/newspaper-typesetting.md 4); everything else
#: is a display line set at its natural width.
ROLE_RULES: dict[str, RoleRule] = {
    "body": RoleRule(indent=2.0, justify=True),
    "caption": RoleRule(indent=2.0, justify=True),
    "headline": RoleRule(),
    "kicker": RoleRule(),
    "deck": RoleRule(),
    "byline": RoleRule(),
    "credit": RoleRule(),
    "dateline": RoleRule(),
    "label": RoleRule(),
    "ad": RoleRule(),
    "running_head": RoleRule(),
    "folio": RoleRule(),
    "masthead": RoleRule(),
    "slug": RoleRule(),
    "jump": RoleRule(),
    "index": RoleRule(),
}


def style_for(role: str, house: House | None, size: float, measure: float, *,
              indent: float | None = None, justify: bool | None = None,
              heads: bool | None = None) -> ComposeStyle:
    """The composition style of a line of ``role``.

    Args:
        role: a key of :data:`ROLE_RULES`.
        house: the issue's house options (None: the defaults).
        size: type size in points.
        measure: line length in points.
        indent, justify, heads: override the role's own settings for one
            composition (a byline's continuation lines are indented 1 em).

    Raises:
        KeyError: an unknown role (a programming error, not an input error).
    """
    rule = ROLE_RULES[role]
    h = house or House()
    return ComposeStyle(
        size=size, measure=measure,
        indent=rule.indent if indent is None else indent,
        justify=rule.justify if justify is None else justify,
        prefer_breaks_at_spaces=rule.heads if heads is None else heads,
        level=h.level, open_at_start_half=h.open_at_start_half)
