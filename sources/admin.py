from django import forms
from django.contrib import admin, messages
from django.contrib.admin import ShowFacets
from django.contrib.admin.models import ADDITION
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from sources.feeds import SubmitError, feed_poll_now, watched_url_fetch_now, watched_url_submit
from sources.ingest import IngestError
from sources.models import (
    Article,
    ArticleVersion,
    Feed,
    Outlet,
    Source,
    SourceAlias,
    VersionFetch,
    WatchedUrl,
)
from sources.services import article_version_ingest, article_version_retry
from verification.admin_support import (
    AuditedAdminMixin,
    CappedCountPaginator,
    FixedChoicesFilter,
    audit,
    user_can,
)
from verification.admin_views import version_diff

# Columns a list of versions never needs (texts and signatures are megabytes at scale).
HEAVY_VERSION_FIELDS = ("body", "raw", "signature")


class LanguageFilter(FixedChoicesFilter):
    title = "language"
    parameter_name = "language"
    field = "language"
    fixed_choices = (("en", "English"),)

    def queryset(self, request, queryset):
        if self.value() == "other":
            return queryset.exclude(language="en")
        return super().queryset(request, queryset)

    def lookups(self, request, model_admin):
        return (*self.fixed_choices, ("other", "Other (not analysed)"))


class ArticleSubmitForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        help_text="Plain text or HTML; a front-matter block (url, outlet, published) is read.",
    )
    url = forms.URLField(
        required=False, assume_scheme="https", help_text="Same url = next version."
    )
    outlet = forms.CharField(required=False, max_length=200)
    published_at = forms.DateTimeField(required=False, help_text="UTC, e.g. 2026-03-14 06:40")


@admin.register(Outlet)
class OutletAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 0
    fields = ["alias", "key"]
    readonly_fields = ["key"]


@admin.register(Source)
class SourceAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "outlet"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    list_select_related = ["outlet"]
    readonly_fields = ["key"]
    inlines = [SourceAliasInline]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table

    def has_add_permission(self, request):
        return False  # attribution creates sources; editors rename and alias them


@admin.register(SourceAlias)
class SourceAliasAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["alias", "source"]
    search_fields = ["alias", "source__name"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = ["key"]


class ArticleVersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    fields = ["number", "update_label", "published_at", "status", "error"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    ordering = ["number"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*HEAVY_VERSION_FIELDS)

    def has_add_permission(self, request, obj=None):
        return False  # versions come in through the submit form, the API and ingest


@admin.register(Article)
class ArticleAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "outlet", "key", "story_key", "created_at"]
    search_fields = ["title", "key", "url"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    inlines = [ArticleVersionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/sources/article/change_list.html"
    change_form_template = "admin/sources/article/change_form.html"
    readonly_fields = ["key", "url", "outlet", "created_at"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table

    class Media:
        css = {"all": ["verification/admin.css"]}

    def has_add_permission(self, request):
        return False  # articles come in through the submit form (its own permission)

    def has_submit_permission(self, request):
        return user_can(request, "sources.add_articleversion")

    def get_urls(self):
        submit = path(
            "submit/", self.admin_site.admin_view(self.submit_view), name="sources_article_submit"
        )
        diff = path(
            "<int:article_id>/diff/",
            self.admin_site.admin_view(self.diff_view),
            name="sources_article_diff",
        )
        return [submit, diff, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"can_submit": self.has_submit_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = dict(extra_context or {})
        extra["version_choices"] = (
            list(
                ArticleVersion.objects.filter(article_id=object_id)
                .order_by("number")
                .values("pk", "number", "update_label")
            )
            if str(object_id).isdigit()
            else []
        )
        return super().change_view(request, object_id, form_url, extra)

    def diff_view(self, request, article_id):
        """Two versions of one article side by side: changed sentences and words marked,
        each sentence labelled with the lineage of its claims. ?a=&b= pick the versions
        (default: b the latest, a the one before b)."""
        article = get_object_or_404(Article.objects.select_related("outlet"), pk=article_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(
            ArticleVersion.objects.filter(article=article)
            .order_by("number")
            .only("pk", "number", "update_label", "corrected", "published_at")
        )
        if len(versions) < 2:
            raise Http404("This article has one version: nothing to compare.")
        by_id = {v.pk: v for v in versions}

        def chosen(name):
            value = request.GET.get(name, "")
            return by_id.get(int(value)) if value.isdigit() else None

        new = chosen("b") or versions[-1]
        old = chosen("a") or next(
            (v for v in reversed(versions) if v.number < new.number), versions[0]
        )
        if old.pk == new.pk:
            old = versions[0] if new.pk != versions[0].pk else versions[1]
        pair = {
            v.pk: v
            for v in ArticleVersion.objects.filter(pk__in=[old.pk, new.pk]).only(
                "pk", "article_id", "number", "update_label", "corrected", "published_at", "body"
            )
        }
        context = {
            **self.admin_site.each_context(request),
            **version_diff(pair[old.pk], pair[new.pk]),
            "title": f"Compare versions of {article}",
            "article": article,
            "versions": versions,
            "opts": self.model._meta,
            "original": article,
        }
        return TemplateResponse(request, "admin/sources/article/diff.html", context)

    def submit_view(self, request):
        """Paste an article (or a later version of one); the pipeline runs in the background."""
        if not self.has_submit_permission(request):
            raise PermissionDenied
        form = ArticleSubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                outcome = article_version_ingest(
                    raw=form.cleaned_data["text"],
                    url=form.cleaned_data["url"] or None,
                    outlet=form.cleaned_data["outlet"] or None,
                    published_at=form.cleaned_data["published_at"],
                    filename="admin",
                )
            except IngestError as exc:
                form.add_error("text", str(exc))
            else:
                version = outcome.version
                what = "Stored as" if outcome.created else "Already stored as"
                if outcome.created:
                    audit(
                        request.user,
                        [(version, "submitted through the admin's paste form")],
                        flag=ADDITION,
                    )
                self.message_user(request, f"{what} version {version.number} of {version.article}.")
                return redirect("admin:sources_articleversion_change", version.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Submit an article",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sources/article/submit.html", context)


@admin.register(ArticleVersion)
class ArticleVersionAdmin(admin.ModelAdmin):
    list_display = [
        "article",
        "number",
        "update_label",
        "published_at",
        "status",
        "claim_count_link",
    ]
    list_filter = ["status", "corrected", LanguageFilter]
    search_fields = ["article__title", "article__key", "title"]
    list_select_related = ["article"]
    paginator = CappedCountPaginator
    show_full_result_count = False
    show_facets = ShowFacets.NEVER  # a count per filter choice scans the table
    raw_id_fields = ["article"]
    readonly_fields = [
        "article",
        "number",
        "update_label",
        "update_number",
        "corrected",
        "advisory",
        "dateline",
        "body",
        "content_type",
        "sha256",
        "status",
        "error",
        "attempts",
        "extractor_version",
        "extracted_at",
        "claimed_at",
        "language",
        "signature",
        "filename",
    ]
    exclude = ["raw"]
    actions = ["retry_extraction"]
    change_form_template = "admin/sources/articleversion/change_form.html"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            return queryset.defer(*HEAVY_VERSION_FIELDS)
        return queryset

    def has_add_permission(self, request):
        return False  # the submit form adds versions

    def has_retry_permission(self, request):
        return user_can(request, "sources.change_articleversion")

    @admin.display(description="claims")
    def claim_count_link(self, obj: ArticleVersion) -> str:
        return format_html(
            '<a href="/admin/claims/claim/?version__id__exact={}">claims</a>', obj.pk
        )

    @admin.action(description="Retry extraction of failed or stuck versions", permissions=["retry"])
    def retry_extraction(self, request, queryset):
        retried_ids = [
            pk
            for pk in queryset.values_list("pk", flat=True)
            if article_version_retry(version_id=pk)
        ]
        retried = len(retried_ids)
        audit(
            request.user,
            [
                (version, "extraction queued again (action 'retry extraction')")
                for version in ArticleVersion.objects.filter(pk__in=retried_ids)
                .only("pk", "number", "article__title", "article__key")
                .select_related("article")
            ],
        )
        self.message_user(request, f"{retried} version(s) queued again.", messages.SUCCESS)


class WatchedUrlSubmitForm(forms.Form):
    url = forms.URLField(max_length=1000, assume_scheme="https", help_text="An article page.")


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    """Editors (add/change feed permissions) manage feeds; the poller picks up new ones."""

    list_display = ["__str__", "url", "outlet", "active", "next_poll_at", "error_count"]
    list_filter = ["active"]
    search_fields = ["url", "title"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    readonly_fields = [
        "next_poll_at",
        "last_polled_at",
        "last_success_at",
        "etag",
        "last_modified",
        "error",
        "error_count",
        "created_at",
    ]
    actions = ["poll_now"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description="Poll the selected feeds now", permissions=["change"])
    def poll_now(self, request, queryset):
        queued = feed_poll_now(feed_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{queued} feed(s) queued for a poll.", messages.SUCCESS)


@admin.register(WatchedUrl)
class WatchedUrlAdmin(admin.ModelAdmin):
    """Watched article pages; added by feeds or "Submit a url", fetched on a schedule."""

    list_display = [
        "__str__",
        "feed",
        "active",
        "step",
        "next_fetch_at",
        "last_changed_at",
        "error_count",
    ]
    list_filter = ["active", "feed"]
    search_fields = ["url", "canonical_url"]
    list_select_related = ["feed"]
    show_full_result_count = False
    raw_id_fields = ["feed", "article", "duplicate_of"]
    readonly_fields = [
        "url",
        "canonical_url",
        "duplicate_of",
        "feed",
        "article",
        "entry_id",
        "entry_title",
        "entry_updated_at",
        "step",
        "next_fetch_at",
        "last_fetched_at",
        "last_changed_at",
        "fetch_count",
        "etag",
        "last_modified",
        "date_modified",
        "error",
        "error_count",
        "created_at",
    ]
    actions = ["fetch_now"]
    change_list_template = "admin/sources/watchedurl/change_list.html"

    def has_add_permission(self, request):
        return False  # "Submit a url" creates them, through the service

    def get_urls(self):
        view = self.admin_site.admin_view(self.submit_view)
        submit = path("submit/", view, name="sources_watchedurl_submit")
        return [submit, *super().get_urls()]

    def submit_view(self, request):
        """Watch an article url: fetched now in the background, then on the schedule."""
        if not request.user.has_perm("sources.add_watchedurl"):
            raise PermissionDenied
        form = WatchedUrlSubmitForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                watched, created = watched_url_submit(url=form.cleaned_data["url"])
            except SubmitError as exc:
                form.add_error("url", str(exc))
            else:
                what = "Watching" if created else "Already watched; fetching again"
                self.message_user(request, f"{what}: {watched}.")
                return redirect("admin:sources_watchedurl_change", watched.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Watch an article url",
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/sources/watchedurl/submit.html", context)

    @admin.action(description="Fetch the selected urls again now", permissions=["change"])
    def fetch_now(self, request, queryset):
        queued = watched_url_fetch_now(watched_url_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{queued} url(s) queued for a fetch.", messages.SUCCESS)


@admin.register(VersionFetch)
class VersionFetchAdmin(admin.ModelAdmin):
    """Where fetched versions came from and what their pages said (read-only)."""

    list_display = ["version", "url", "date_published", "date_modified", "fetched_at"]
    list_select_related = ["version__article"]
    search_fields = ["url", "canonical_url"]
    show_full_result_count = False
    raw_id_fields = ["version", "watched_url"]
    readonly_fields = [f.name for f in VersionFetch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
