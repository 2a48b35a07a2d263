"""The four roles, as Wagtail groups with permissions scoped to a language's tree, and the two
approval workflows. Idempotent: `load_content` (and `setup_roles`) call it after the pages exist.

- Editors: edit and submit English pages and snippets.
- Approvers: publish English (the last step of the English approval workflow).
- Translators: edit the Welsh tree only; they cannot touch English pages, and the snippet hooks in
  wagtail_hooks.py keep them off English snippets (Wagtail's snippet permissions are per model).
- Welsh reviewers: approve (publish) Welsh: the Welsh review workflow's task.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.publishing import APPROVERS, EDITORS, TRANSLATORS, WELSH_REVIEWERS

SNIPPET_MODELS = ("cms.sourcedocument", "toolkit.promise", "code_chapters.chapterversion")

ROLES = {
    # group: (language of its tree, page permissions, snippet permissions)
    EDITORS: ("en", ["add", "change", "lock"], ["add", "change"]),
    APPROVERS: ("en", ["add", "change", "publish", "lock", "unlock"], ["add", "change", "delete"]),
    TRANSLATORS: ("cy", ["add", "change"], ["change"]),
    WELSH_REVIEWERS: ("cy", ["add", "change", "publish", "lock", "unlock"], ["change"]),
}

WORKFLOWS = {
    # workflow name: (language of its tree, approving group)
    "English approval": ("en", APPROVERS),
    "Welsh review": ("cy", WELSH_REVIEWERS),
}


def _home_for(language_code):
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return None
    return Page.objects.filter(depth=2, locale=locale).first()


def ensure_roles():
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    page_type = ContentType.objects.get_for_model(Page)
    groups = {}
    for name, (language_code, page_permissions, snippet_permissions) in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        group.permissions.add(admin_access)
        for label in SNIPPET_MODELS:
            app_label, model = label.split(".")
            for action in snippet_permissions:
                group.permissions.add(
                    Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                )
        home = _home_for(language_code)
        if home is None:
            continue
        # Wagtail's first migration gives its own "Editors" group rights on the root of every
        # tree; a role is scoped to its language's tree only.
        GroupPagePermission.objects.filter(group=group).exclude(page=home).delete()
        for action in page_permissions:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(
                    content_type=page_type, codename=f"{action}_page"
                ),
            )
    for workflow_name, (language_code, group_name) in WORKFLOWS.items():
        home = _home_for(language_code)
        if home is None:
            continue
        workflow, _ = Workflow.objects.get_or_create(name=workflow_name)
        task = GroupApprovalTask.objects.filter(name=f"{workflow_name}: {group_name}").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=f"{workflow_name}: {group_name}")
        task.groups.set([groups[group_name]])
        WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return groups
