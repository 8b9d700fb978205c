"""The model floor: manifests read and validated into the issue's dataclasses.

errors (InputError, exit 2; EnvError, exit 3), units (mm, 号), calendar
(weekday, lunar date), grid (the page presets), issue (Issue, Page, Article
...); reading manifests by job: yamlsafe (the safe loader, scalars as
typed), fields (the checker of fields declared as data), schema (the
records), paths (resolution, the asset-folder rule), manifest (issue, pages,
articles -> model); photo (open, orient, grey, crop, JPEG, cached), cache
(the cache folder). Imports nothing from the floors above.
"""
