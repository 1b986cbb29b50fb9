import factory

from cooperation.choices import ProjectState
from discussion.choices import ReportReason
from discussion.models import Comment, Report
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import ProjectFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """A top-level comment on a new published project; pass ``parent=`` for a reply (same project)."""

    class Meta:
        model = Comment

    project = factory.LazyAttribute(
        lambda o: o.parent.project if o.parent is not None else ProjectFactory(state=ProjectState.PUBLISHED)
    )
    author = factory.SubFactory(UserFactory)
    parent = None
    text = factory.Sequence(lambda n: f"Комментарий {n}")


class ReportFactory(factory.django.DjangoModelFactory):
    """An open report of a new published project; pass ``comment=`` (and ``project=None``) for a comment's."""

    class Meta:
        model = Report

    reporter = factory.SubFactory(UserFactory)
    project = factory.LazyAttribute(
        lambda o: None if o.comment is not None else ProjectFactory(state=ProjectState.PUBLISHED)
    )
    comment = None
    reason = ReportReason.SPAM
    text = ""
