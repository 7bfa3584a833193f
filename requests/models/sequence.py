"""Gap-free counters (registration numbers, document numbers)."""

from django.db import models


class Sequence(models.Model):
    """The last number given in one series: per organ, per kind of series, per year.

    Numbers are taken inside the transaction of the act that needs them, with the row
    locked, so a rolled-back act gives its number back and no two acts get the same one.
    """

    organ = models.ForeignKey("requests.Organ", on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organ", "series", "year"], name="sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organ_id}/{self.series}/{self.year}: {self.last_value}"
