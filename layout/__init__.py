"""broadsheet: a layout engine that typesets Chinese newspapers.

One folder a stage, imports pointing one way (publish -> render -> makeup ->
text -> model):

- ``model``: manifests read and validated into dataclasses; errors, units, grid.
- ``text``: character classes, the composer, fonts and fallback.
- ``makeup``: blocks, pages and the display list.
- ``render``: display lists -> PDF (the only package that imports ReportLab), proofs.
- ``publish``: build, galley, preflight: what the commands write.
- ``cli``: the command line only.
"""

__version__ = "0.1.0"
