"""The makeup floor: articles set in their places, pages assembled.

block (an article's block), page (masthead, running head, rules, blocks),
display (the display list every output reads). Imports from layout.text and
layout.model only.
"""
