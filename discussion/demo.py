"""Demo comments: a short exchange on the featured demo project (idempotent)."""

from django.db import transaction

from accounts.models import User
from cooperation.models import Project
from discussion.models import Comment
from discussion.services.comments import comment_post

THREAD = (
    (
        "representative@spiral.example",
        "Готовы ли партнёры принять стажёров из Воронежа на опытные поля уже в этом сезоне?",
    ),
    ("agentadmin@spiral.example", "Да, программа стажировок согласована; заявки принимаем до конца месяца."),
)


@transaction.atomic
def demo_comments_load() -> int:
    """Start one thread (a question and the lead's reply) on the featured project unless it has comments."""
    project = Project.objects.filter(is_featured=True, is_hidden=False).order_by("id").first()
    if project is None or Comment.objects.filter(project=project).exists():
        return 0
    users = {user.email: user for user in User.objects.filter(email__in=[email for email, _ in THREAD])}
    if len(users) != len(THREAD):
        return 0
    (question_author, question), (answer_author, answer) = THREAD
    question_comment = comment_post(project=project, author=users[question_author], text=question)
    comment_post(project=project, author=users[answer_author], text=answer, parent=question_comment)
    return 2
