"""Editors' report of what readers said, under Reports: newest first, filterable by language and
answer, with a count of each answer. Read-only: answers can be deleted, never added or changed."""

from django.db.models import Count, Q
from django.urls import path
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from feedback.models import PageFeedback


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions (feedback.view_pagefeedback, delete_pagefeedback; superusers
    have both), except that nobody, not even a superuser, adds or changes a reader's answer."""

    WRITE_ACTIONS = {"add", "change"}

    def user_has_permission(self, user, action):
        return action not in self.WRITE_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - self.WRITE_ACTIONS)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(set(actions) - self.WRITE_ACTIONS)


# Registered before the viewset first asks for the model's policy.
register_permission_policy(PageFeedback, ReadOnlyPermissionPolicy(PageFeedback))


class FeedbackIndexView(generic.IndexView):
    results_template_name = "feedback/admin/index_results.html"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        # The answers the filters select, across all pages of results.
        selected = context["paginator"].object_list if context.get("paginator") else None
        if selected is None:
            selected = self.get_queryset()
        context["answer_counts"] = selected.order_by().aggregate(
            total=Count("pk"),
            yes=Count("pk", filter=Q(useful=True)),
            no=Count("pk", filter=Q(useful=False)),
        )
        return context


class PageFeedbackViewSet(ModelViewSet):
    model = PageFeedback
    icon = "comment"
    menu_label = _("Page feedback")
    menu_name = "page-feedback"
    menu_order = 950
    menu_hook = "register_reports_menu_item"
    url_prefix = "reports/page-feedback"
    index_view_class = FeedbackIndexView
    copy_view_enabled = False
    # The inspect view shows a whole comment; it also registers the "view" permission, so that
    # a group can be given the report without delete.
    inspect_view_enabled = True
    inspect_view_fields = ["page", "page_title", "language", "useful", "comment", "created_at"]
    ordering = "-created_at"
    list_filter = ["language", "useful"]
    list_display = [
        "page_title",
        "language",
        "useful",
        Column(
            "comment",
            label=capfirst(PageFeedback._meta.get_field("comment").verbose_name),
            accessor=lambda feedback: Truncator(feedback.comment).chars(140),
        ),
        DateColumn(
            "created_at",
            label=capfirst(PageFeedback._meta.get_field("created_at").verbose_name),
            sort_key="created_at",
        ),
    ]
    search_fields = ["page_title", "comment"]

    def get_urlpatterns(self):
        # Every view of a ModelViewSet but add and edit (the permission policy refuses them too).
        conv = self.pk_path_converter
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            path(f"delete/<{conv}:pk>/", self.delete_view, name="delete"),
            path(f"history/<{conv}:pk>/", self.history_view, name="history"),
            path(
                f"history-results/<{conv}:pk>/",
                self.history_results_view,
                name="history_results",
            ),
            path(f"usage/<{conv}:pk>/", self.usage_view, name="usage"),
        ]


@hooks.register("register_admin_viewset")
def register_page_feedback_viewset():
    return PageFeedbackViewSet("page_feedback")
