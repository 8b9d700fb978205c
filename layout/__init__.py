"""broadsheet: a layout engine that typesets Chinese newspapers.

The stages, one module each (see docs in the README):
manifest -> fonts -> compose -> block -> page -> display list -> render/pdf.
Everything before ``render`` is pure computation on dataclasses; only
``layout.render`` imports ReportLab.
"""

__version__ = "0.1.0"
