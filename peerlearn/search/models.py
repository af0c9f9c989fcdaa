"""The search index: one row per searchable document (a hub page, or a question with its answers).

The row holds the text and the facts filters and permissions need (space, published, skills,
owners, review date). The full-text machinery is the database's own, added by the migration for
the vendor in use: on PostgreSQL a generated `document` tsvector column with a GIN index and a
trigram index on titles (pg_trgm); on SQLite an FTS5 table `search_fts` keyed by this row's id.
Services write these rows in the same transaction as the content they describe (no signals).
People are not copied here: they are found live through the skill graph, which other apps own.
"""

from __future__ import annotations

from django.db import models

from peerlearn.people.models import Person, Skill


class SearchKind(models.TextChoices):
    PAGE = "page", "Hub page"
    QUESTION = "question", "Question"


class SearchEntry(models.Model):
    # An integer key: SQLite's FTS5 table is keyed by it (rowid); it is never shown outside.
    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.UUIDField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    space_id = models.UUIDField(null=True, blank=True)
    is_published = models.BooleanField(default=True)
    review_due_at = models.DateTimeField(null=True, blank=True)
    boost = models.FloatField(
        default=0.0, help_text="Quality signal added to text relevance (helpful, accepted…)."
    )
    updated_at = models.DateTimeField()
    skills = models.ManyToManyField(Skill, related_name="+", blank=True)
    owners = models.ManyToManyField(Person, related_name="+", blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "search entries"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once")
        ]
        indexes = [
            models.Index(fields=["kind", "is_published", "space_id"], name="search_entry_scope"),
            # Lets PostgreSQL take the best-quality matches of very common words by walking
            # this index and stopping early, instead of collecting every match to sort.
            models.Index(fields=["-boost", "-updated_at", "id"], name="search_entry_quality"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"
