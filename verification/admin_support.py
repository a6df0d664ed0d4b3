"""What every admin screen of the desk shares: role checks, the audit trail, a paginator that
never counts a whole table, and list filters whose choices cost no query.

Kept apart from the ModelAdmins so that the disagreements' admin reuses the triage pieces
(note-taking action form, source/story/family filters, audit of bulk decisions).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connections, models
from django.utils.functional import cached_property

# ------------------------------------------------------------------------------------------
# Audit: Django's LogEntry, the table behind every object's "History" page.
# ------------------------------------------------------------------------------------------


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M:%S} UTC"
    if isinstance(value, models.Model):
        return f"{value} (#{value.pk})"
    text = str(value)
    return repr(text[:200] + ("…" if len(text) > 200 else "")) if isinstance(value, str) else text


def change_text(before: Mapping[str, Any], after: Mapping[str, Any], how: str = "") -> str:
    """ "status: 'open' → 'confirmed'; note: (empty) → 'two sources' (bulk action 'confirm')":
    the fields that changed, with their values before and after."""
    parts = [
        f"{name}: {_shown(before.get(name))} → {_shown(value)}"
        for name, value in after.items()
        if before.get(name) != value
    ]
    text = "; ".join(parts) or "no field changed"
    return f"{text} ({how})" if how else text


def audit(
    user,
    entries: Iterable[tuple[models.Model, str]],
    *,
    flag: int = CHANGE,
) -> int:
    """Write one history entry per (object, message) for `user`, in one query. The messages
    are plain text, shown as they are on each object's history page. Returns the count."""
    rows = [
        LogEntry(
            user_id=user.pk,
            content_type_id=ContentType.objects.get_for_model(obj, for_concrete_model=False).pk,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=flag,
            change_message=message,
        )
        for obj, message in entries
    ]
    LogEntry.objects.bulk_create(rows)
    return len(rows)


class AuditedAdminMixin:
    """The change form's history entry says what changed from what to what (Django's own says
    only which fields changed); additions list the values given."""

    def construct_change_message(self, request, form, formsets, add=False):
        if add:
            given = {name: form.cleaned_data.get(name) for name in form.changed_data}
            return "added with " + change_text({}, given)
        before = {name: form.initial.get(name) for name in form.changed_data}
        after = {name: form.cleaned_data.get(name) for name in form.changed_data}
        for name, value in list(before.items()):
            field = form.fields[name]
            # Foreign keys come in as ids before and as objects after.
            if hasattr(field, "queryset") and value is not None and after[name] is not None:
                before[name] = field.queryset.filter(pk=value).first()
        return change_text(before, after, "change form")


# ------------------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------------------


def user_can(request, *permissions: str) -> bool:
    return request.user.is_active and request.user.has_perms(permissions)


# ------------------------------------------------------------------------------------------
# Scale: no COUNT(*) over a whole table, no DISTINCT scans for filter choices.
# ------------------------------------------------------------------------------------------


class CappedCountPaginator(Paginator):
    """Counts at most CAP rows (an index-only LIMIT subquery, ordering dropped), so a
    changelist over millions of rows costs one bounded count and one page query; the page
    links stop at the cap, which is further than anyone pages (search or filter instead)."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if isinstance(object_list, models.QuerySet):
            return object_list.order_by()[: self.CAP].count()
        return min(len(object_list), self.CAP)


class SortedPagePaginator(CappedCountPaginator):
    """For a list sorted on a computed value (the triage queues' priority) whose rows join
    other tables: the page's ids come first from the queue's own table, then its rows with
    their joins. One query, with the joins, sorts every matching row in full (PostgreSQL puts
    the LIMIT above the joins, so no top-N sort; at 100,000 flags it spilled to disk); the ids
    alone are a bounded in-memory top-N sort. One more query, for the page only."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        object_list = self.object_list
        if not isinstance(object_list, models.QuerySet):
            return super().page(number)
        ids = list(object_list.values_list("pk", flat=True)[bottom:top])
        return self._get_page(object_list.filter(pk__in=ids), number, self)


class FixedChoicesFilter(admin.SimpleListFilter):
    """A filter on one field whose choices are given in code, not read with SELECT DISTINCT."""

    field: str = ""
    fixed_choices: tuple[tuple[str, str], ...] = ()

    def lookups(self, request, model_admin):
        return self.fixed_choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.field: self.value()})
        return queryset


class SelectedOnlyFilter(admin.SimpleListFilter):
    """A filter on a foreign key of an unbounded table (stories, sources): the sidebar names
    only the chosen row (rows link to `?<parameter>=<id>`), so listing choices costs one
    primary-key lookup, never a scan."""

    related_model: type[models.Model]
    lookups_for: tuple[str, ...] = ()  # the fields matched, ORed

    def lookups(self, request, model_admin):
        value = self.value()
        if not value or not value.isdigit():
            return []
        row = self.related_model._default_manager.filter(pk=value).first()
        return [(value, str(row) if row else f"#{value}")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            return queryset.none()
        condition = models.Q()
        for lookup in self.lookups_for:
            condition |= models.Q(**{lookup: int(value)})
        return queryset.filter(condition)


class NoteActionForm(ActionForm):
    """The bulk-action bar with a note: decisions in bulk carry their reason too."""

    note = forms.CharField(
        required=False,
        max_length=2000,
        label="Note",
        widget=forms.TextInput(attrs={"size": 40, "placeholder": "why (kept with each flag)"}),
    )


def claims_matching(term: str):
    """The ids of claims whose text or source name holds `term`, as a subquery. The claim text
    is matched through its trigram index (PostgreSQL; see
    claims/migrations/0004_claim_search_trigram.py) and source names in their own small table
    first (at most 500 sources), so no OR across a join forces a scan."""
    from claims.models import Claim
    from sources.models import Source

    source_ids = list(
        Source.objects.filter(name__icontains=term).values_list("pk", flat=True)[:500]
    )
    matching = models.Q(text__icontains=term)
    if source_ids:
        matching |= models.Q(source_id__in=source_ids)
    return Claim.objects.filter(matching).values("pk")


def queue_search(queryset, term: str, *, claim_fields: tuple[str, ...] = ()):
    """Rows of a triage queue (flags, disagreements) whose claims' text or source names hold
    `term`. On PostgreSQL through the row's own `search_text` (kept by triggers, trigram
    index: see verification/migrations/0011_queue_search_text.py), so a common word costs a
    scan of the queue's table at worst, never of the claims. Elsewhere (SQLite) the claims are
    searched and joined: through `claim_fields` (the rows' claim foreign keys) or, with none,
    through the disagreement members."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(search_text__icontains=term)
    if claim_fields:
        return claim_search(queryset, term, claim_fields=claim_fields)
    from verification.models import DisagreementClaim

    members = DisagreementClaim.objects.filter(claim_id__in=claims_matching(term))
    return queryset.filter(pk__in=members.values("disagreement_id"))


def claim_search(queryset, term: str, *, claim_fields: tuple[str, ...] = ()):
    """Rows whose claim text or claim source name holds `term` (see claims_matching).
    `claim_fields` names the rows' claim foreign keys; empty: the rows are claims."""
    from sources.models import Source

    if not claim_fields:
        source_ids = list(
            Source.objects.filter(name__icontains=term).values_list("pk", flat=True)[:500]
        )
        condition = models.Q(text__icontains=term)
        if source_ids:
            condition |= models.Q(source_id__in=source_ids)
        return queryset.filter(condition)
    claims = claims_matching(term)
    # One indexed lookup per claim field, UNIONed: an OR across the fields would scan the rows.
    # (Unordered: SQLite refuses an ORDER BY inside a UNION.)
    model = queryset.model
    parts = [
        model._default_manager.filter(**{f"{name}_id__in": claims}).order_by().values("pk")
        for name in claim_fields
    ]
    return queryset.filter(pk__in=parts[0].union(*parts[1:]))
