from django import forms
from django.contrib import admin, messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from sources.ingest import IngestError
from sources.models import Article, ArticleVersion, Outlet, Source, SourceAlias
from sources.services import article_version_ingest, article_version_retry


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
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 0
    fields = ["alias", "key"]
    readonly_fields = ["key"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "outlet"]
    list_filter = ["kind"]
    search_fields = ["name", "aliases__alias"]
    list_select_related = ["outlet"]
    readonly_fields = ["key"]
    inlines = [SourceAliasInline]


@admin.register(SourceAlias)
class SourceAliasAdmin(admin.ModelAdmin):
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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "outlet", "key", "story_key", "created_at"]
    list_filter = ["outlet"]
    search_fields = ["title", "key", "url"]
    list_select_related = ["outlet"]
    autocomplete_fields = ["outlet"]
    inlines = [ArticleVersionInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/sources/article/change_list.html"

    def get_urls(self):
        submit = path(
            "submit/", self.admin_site.admin_view(self.submit_view), name="sources_article_submit"
        )
        return [submit, *super().get_urls()]

    def submit_view(self, request):
        """Paste an article (or a later version of one); the pipeline runs in the background."""
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
    list_filter = ["status", "corrected", "language"]
    search_fields = ["article__title", "article__key", "title"]
    list_select_related = ["article"]
    show_full_result_count = False
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

    @admin.display(description="claims")
    def claim_count_link(self, obj: ArticleVersion) -> str:
        return format_html(
            '<a href="/admin/claims/claim/?version__id__exact={}">claims</a>', obj.pk
        )

    @admin.action(description="Retry extraction of failed or stuck versions")
    def retry_extraction(self, request, queryset):
        retried = sum(
            article_version_retry(version_id=pk) for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"{retried} version(s) queued again.", messages.SUCCESS)
