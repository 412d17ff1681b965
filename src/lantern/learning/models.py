"""The learning library's records: themes (a configurable taxonomy) and library items.

A library item is one piece of learning the partnership can find again: a published
review (CSPR, SAR, DHR), an audit's learning summary, a briefing, an item of national
learning, or a local finding or recommendation. Its text is searched by the database's
own full-text search (lantern.learning.search): an FTS5 table kept in step by triggers
on SQLite, a stored tsvector with a GIN index on PostgreSQL. Both are created by
migration 0002 and are not Django fields, so the ORM never writes them.
"""

from django.db import models
from django.db.models import Q

from lantern.cases.models import Case
from lantern.partnerships.models import Agency, Partnership


class ThemeOrigin(models.TextChoices):
    SAR_ANALYSIS = "sar_analysis", "National analyses of Safeguarding Adult Reviews"
    NSPCC = "nspcc", "NSPCC national case review repository"
    LOCAL = "local", "The partnership's own"


class ThemeQuerySet(models.QuerySet["Theme"]):
    def for_partnership(self, partnership_id: int) -> "ThemeQuerySet":
        """The themes a partnership uses: the national ones and its own."""
        return self.filter(Q(partnership__isnull=True) | Q(partnership_id=partnership_id))

    def active(self) -> "ThemeQuerySet":
        return self.filter(is_active=True)


class Theme(models.Model):
    """A theme of learning ("Self-neglect", "Mental capacity"). National themes have no
    partnership and every partnership uses them; a partnership may add its own."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the national themes every partnership uses.",
    )
    slug = models.SlugField(max_length=60)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    keywords = models.TextField(
        blank=True,
        help_text="Words and phrases that suggest this theme, one a line (acronyms count: "
        "MCA suggests what 'mental capacity' does).",
    )
    origin = models.CharField(max_length=20, choices=ThemeOrigin.choices, default=ThemeOrigin.LOCAL)
    is_active = models.BooleanField(default=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "slug"],
                condition=Q(partnership__isnull=False),
                name="theme_slug_unique_in_partnership",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(partnership__isnull=True),
                name="theme_slug_unique_nationally",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def keyword_list(self) -> list[str]:
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]


class ItemKind(models.TextChoices):
    CSPR = "cspr", "Child Safeguarding Practice Review"
    SAR = "sar", "Safeguarding Adult Review"
    DHR = "dhr", "Domestic Homicide Review"
    AUDIT = "audit", "Case file audit"
    BRIEFING = "briefing", "Briefing"
    NATIONAL = "national", "National learning"
    FINDING = "finding", "Finding"
    RECOMMENDATION = "recommendation", "Recommendation"


#: Kinds `lantern library import` accepts: published material, never a local finding or
#: recommendation (those come from the case they belong to).
IMPORT_KINDS: tuple[str, ...] = ("cspr", "sar", "dhr", "audit", "briefing", "national")
#: Kinds that are a case's own confidential learning: they follow the case's access.
CASE_KINDS: tuple[str, ...] = ("finding", "recommendation")


class LibraryItem(models.Model):
    """One piece of learning in a partnership's library.

    Who reads it (lantern.learning.selectors.library_items_for_user): an item with no
    `case` (published reviews, audit summaries, briefings, national learning) is read by
    every active member of the partnership; an item with a `case` (its findings and
    recommendations) only by those who may read that case.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    ref = models.CharField(
        max_length=100, help_text="Its reference in the partnership, e.g. 'SAR-2024-01'."
    )
    kind = models.CharField(max_length=20, choices=ItemKind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField()
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="items")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="+")
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case whose confidential learning this is: only its readers see it.",
    )
    source_key = models.CharField(
        max_length=60,
        blank=True,
        help_text="The local record it was built from, e.g. 'actions.finding:12'.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "ref"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ref"], name="library_ref_unique"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in ItemKind]), name="library_kind_valid"
            ),
            # A finding or recommendation is a case's: it must say which.
            models.CheckConstraint(
                condition=~Q(kind__in=CASE_KINDS) | Q(case__isnull=False),
                name="library_case_learning_has_case",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "kind"], name="library_partnership_kind"),
            models.Index(fields=["partnership", "source_key"], name="library_source"),
        ]

    def __str__(self) -> str:
        return f"{self.ref}: {self.title}"
