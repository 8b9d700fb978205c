"""The model floor: manifests read and validated into the issue's dataclasses.

errors (the one input exception), units (mm, 号), calendar (weekday, lunar
date), grid (the page presets), issue (Issue, Page, Article ...), manifest
(YAML -> model). Imports nothing from the floors above.
"""
