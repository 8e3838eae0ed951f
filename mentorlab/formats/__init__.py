"""One date and time format per language (FORMAT_MODULE_PATH points here).

Templates name a format (`|date:"DATE_FORMAT"`, `"DATETIME_FORMAT"`, `"TIME_FORMAT"`,
`"MONTH_DAY_FORMAT"`) and never spell one out; only machine formats ("c", "Y-m-d") are
written literally. What is not set here (input formats, number formats) comes from Django's
own locale files.
"""
