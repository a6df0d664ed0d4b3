"""The newsroom's roles as Django groups, and the permissions each one holds.

Roles are plain groups of model permissions, so the admin, the API (`config/permissions.py`) and
a superuser's hand-made exceptions all read the same thing. The data migration
`verification/migrations/0005_roles.py` creates the groups from this table; run
`manage.py roles` after adding models whose permissions a role should hold (feeds, report
recipients): it grants what exists and skips what does not.
"""

from __future__ import annotations

FACT_CHECKER = "fact-checker"
EDITOR = "editor"
VIEWER = "viewer"

# Everything anyone on the desk may read.
VIEW = (
    "sources.view_outlet",
    "sources.view_source",
    "sources.view_sourcealias",
    "sources.view_article",
    "sources.view_articleversion",
    "claims.view_claim",
    "verification.view_story",
    "verification.view_storyarticle",
    "verification.view_storyterm",
    "verification.view_contradiction",
    "verification.view_claimlineage",
    "verification.view_verdict",
    "verification.view_contradictionreport",
    # Models other branches add: granted when they exist.
    "sources.view_feed",
    "sources.view_watchedurl",
    "verification.view_reportrecipient",
    "verification.view_figure",
    "verification.view_disagreement",
)

TRIAGE = (
    # Status and note of a flag (the admin lets nothing else of it change).
    "verification.change_contradiction",
    "verification.change_disagreement",
    # Draft verdicts (publishing is the editor's).
    "verification.add_verdict",
    "verification.change_verdict",
    # Submit articles (the admin's paste form and POST /api/v1/articles/) and retry extraction.
    "sources.add_article",
    "sources.add_articleversion",
    "sources.change_articleversion",
)

EDITING = (
    "verification.publish_verdict",
    "verification.delete_verdict",
    # Merge (keeps one story, deletes the other) and split (a new story) stories.
    "verification.add_story",
    "verification.change_story",
    "verification.delete_story",
    "verification.change_storyarticle",
    # Sources and their aliases.
    "sources.change_source",
    "sources.add_sourcealias",
    "sources.change_sourcealias",
    "sources.delete_sourcealias",
    # Feeds and report recipients (models of other branches: granted when they exist).
    "sources.add_feed",
    "sources.change_feed",
    "sources.delete_feed",
    "sources.add_watchedurl",
    "sources.change_watchedurl",
    "sources.delete_watchedurl",
    "verification.add_reportrecipient",
    "verification.change_reportrecipient",
    "verification.delete_reportrecipient",
    "verification.add_webhooksubscriber",
    "verification.change_webhooksubscriber",
    "verification.delete_webhooksubscriber",
    "verification.view_webhooksubscriber",
    "verification.view_webhookdelivery",
    # "Send again" on the delivery log (nothing of a delivery is edited by hand).
    "verification.change_webhookdelivery",
)

ROLES: dict[str, tuple[str, ...]] = {
    VIEWER: VIEW,
    FACT_CHECKER: VIEW + TRIAGE,
    EDITOR: VIEW + TRIAGE + EDITING,
}


def roles_sync(*, group_model, permission_model) -> dict[str, int]:
    """Create the role groups and set their permissions to the table above (only the
    permissions that exist). Idempotent; takes the models so that a migration can pass its
    historical ones. Returns how many permissions each group holds."""
    held = {}
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        wanted = [tuple(label.split(".", 1)) for label in codenames]
        permissions = [
            permission
            for permission in permission_model.objects.filter(
                content_type__app_label__in={app for app, _ in wanted}
            ).select_related("content_type")
            if (permission.content_type.app_label, permission.codename) in wanted
        ]
        group.permissions.set(permissions)
        held[name] = len(permissions)
    return held
