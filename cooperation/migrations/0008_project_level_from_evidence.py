"""A project's level follows from its evidence, not from a field: the author-declared ``level`` goes.

The declared value is not thrown away: it is appended to the description of intent as one sentence in
each language ("Level of cooperation declared by the author when drafting: Information."), so what the
author meant stays readable. The level a project gives each pair of its regions is now derived from its
state and active participants (``levels.computations.project_levels``). Reversing restores the column
with the old default (3, project); the sentences stay in the descriptions.
"""

from django.db import migrations, models

LABELS = {
    1: ("информационный", "Information"),
    2: ("экспертный", "Expert"),
    3: ("проектный", "Project"),
    4: ("интегрированный", "Integrated"),
}


def move_level_into_description(apps, schema_editor):
    Project = apps.get_model("cooperation", "Project")
    for project in Project.objects.only("pk", "level", "description", "description_en").iterator():
        ru, en = LABELS.get(project.level, (str(project.level), str(project.level)))
        sentence_ru = f"Уровень сотрудничества, заявленный автором при подготовке: {ru}."
        sentence_en = f"Level of cooperation declared by the author when drafting: {en}."
        project.description = "\n\n".join(part for part in (project.description.strip(), sentence_ru) if part)
        project.description_en = "\n\n".join(part for part in (project.description_en.strip(), sentence_en) if part)
        project.save(update_fields=["description", "description_en"])


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0007_project_fit")]

    operations = [
        migrations.RunPython(move_level_into_description, migrations.RunPython.noop),
        migrations.RemoveField(model_name="project", name="level"),
    ]
