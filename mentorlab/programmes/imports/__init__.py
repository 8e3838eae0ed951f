"""Applicants from spreadsheets: a coordinator's CSV or Excel file of students or mentors.

The cycle is read → map → plan → apply:

- `reading` turns the file's bytes into a header and rows of text (tablib, see below);
- `fields` knows what a column can hold and suggests a mapping from the headers, Mentorlab's
  own applications export included (English, Finnish or Swedish headers);
- `plan` checks every row with the very rules of the application page
  (`programmes.services.application_fill`) and says per row: create, update, unchanged, or
  the problems (row, column, reason);
- `services` stores an upload between preview and confirmation, saves mappings, and applies
  a clean plan all-or-nothing in one transaction.

Why tablib and not django-import-export: tablib (the format layer under django-import-export,
maintained by Jazzband) reads CSV and .xlsx into one `Dataset` through openpyxl, which we
already use. django-import-export's `Resource` would bring a second set of validation rules
and its admin-centred dry-run; an imported row must instead obey exactly the page's rules,
which live in the service, and its per-row report must name our columns in the
coordinator's language. So tablib does the reading; the plan and the transaction are ours.
"""
