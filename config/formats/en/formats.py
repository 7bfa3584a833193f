"""English dates as the pages write them in a sentence: the month in full (September 5,
2026), not Django's abbreviation (Sept. 5, 2026). Everything else is Django's."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
