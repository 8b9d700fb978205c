"""A stand-in for layout.fonts.FontSet in composer unit tests: every Han
character and full-width mark 1 em, Latin letters and digits 0.5 em, and the
ink sides a Simplified Chinese face has (stops and closing marks left,
opening marks right)."""

from layout.text import chars as C


class FakeMetrics:
    def advance(self, ch, role):
        if ch == " ":
            return 0.25
        return 0.5 if ch.isascii() else 1.0

    def ink(self, ch, role):
        if ch in C.OPENING:
            return "right"
        if ch in C.CLOSING or ch in C.STOPS or ch in "：；！？":
            return "left"
        return "center"

    def face_key(self, ch, role):
        return "fake"
