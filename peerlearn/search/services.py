"""Writes to the search index. Content services call these in their own transaction, so the
index changes exactly when the content does (no signals, no lag, no drift)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from peerlearn.search.backends import clean_indexed_text, search_backend
from peerlearn.search.models import SearchEntry, SearchKind

MAX_INDEXED_BODY = 200_000


@dataclass(frozen=True)
class SearchDocument:
    """What a content app says about one searchable object."""

    kind: SearchKind
    object_id: uuid.UUID
    title: str
    body: str
    space_id: uuid.UUID | None = None
    is_published: bool = True
    review_due_at: datetime | None = None
    boost: float = 0.0
    skill_ids: Sequence[uuid.UUID] = field(default_factory=tuple)
    owner_ids: Sequence[uuid.UUID] = field(default_factory=tuple)
    updated_at: datetime | None = None


@transaction.atomic
def search_index_upsert(*, document: SearchDocument) -> SearchEntry:
    """Add or refresh the entry for one object, and the engine's index with it."""
    values = {
        "title": clean_indexed_text(document.title)[:200],
        "body": clean_indexed_text(document.body)[:MAX_INDEXED_BODY],
        "space_id": document.space_id,
        "is_published": document.is_published,
        "review_due_at": document.review_due_at,
        "boost": document.boost,
        "updated_at": document.updated_at or timezone.now(),
    }
    entry, _ = SearchEntry.objects.update_or_create(
        kind=document.kind, object_id=document.object_id, defaults=values
    )
    # Primary keys are enough for set(); the stubs only know model instances and ints.
    entry.skills.set(list(document.skill_ids))  # type: ignore[arg-type]
    entry.owners.set(list(document.owner_ids))  # type: ignore[arg-type]
    search_backend().sync(entry)
    return entry


@transaction.atomic
def search_index_remove(*, kind: SearchKind, object_id: uuid.UUID) -> None:
    entries = list(SearchEntry.objects.filter(kind=kind, object_id=object_id))
    search_backend().forget([entry.id for entry in entries])
    SearchEntry.objects.filter(id__in=[entry.id for entry in entries]).delete()
