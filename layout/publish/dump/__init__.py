"""Page text dumps -> issue manifests (``broadsheet import``).

decode (bytes -> lines), parse (articles, heads, bylines, datelines,
captions, column breaks), punct (ASCII -> full-width marks), report (the
decisions), importer (the whole import: write, load back, report).
"""

from .importer import ImportResult, import_dump
from .report import Decision, Report, table, to_json

__all__ = ["Decision", "ImportResult", "Report", "import_dump", "table", "to_json"]
