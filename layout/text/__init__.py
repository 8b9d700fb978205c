"""The text floor: Chinese composition (W3C clreq, GB/T 15834).

chars (character classes), compose (paragraph -> lines of placed glyphs),
fonts (roles -> faces, metrics, fallback), fontconvert (CFF -> TrueType).
Pure computation; imports only from layout.model.
"""
