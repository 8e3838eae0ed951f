"""Swedish (month names in lower case, as Swedish writes them): 7 dec 2026 · mån 7 dec 2026 kl. 16:00."""

DATE_FORMAT = "j b Y"
SHORT_DATE_FORMAT = DATE_FORMAT
DATETIME_FORMAT = r"D j b Y \k\l. H:i"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = "F Y"
