from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html

from sources.models import Article, ArticleVersion, Outlet, Source, SourceAlias
from sources.services import article_version_retry


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

    @admin.action(description="Retry extraction of failed versions")
    def retry_extraction(self, request, queryset):
        retried = sum(
            article_version_retry(version_id=pk) for pk in queryset.values_list("pk", flat=True)
        )
        self.message_user(request, f"{retried} version(s) queued again.", messages.SUCCESS)
