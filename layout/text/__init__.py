"""The text floor: Chinese composition (W3C clreq, GB/T 15834).

chars (character classes), compose (paragraph -> lines of placed glyphs),
fonts (roles -> faces, metrics, fallback, licences), fontconvert (CFF ->
TrueType), overset (text past a block's capacity, counted not composed), ink
(whether a line's ink stays in its column).
Pure computation; imports only from layout.model.
"""
