from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "stint.skills"
    label = "skills"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from stint.skills import signals
        from stint.skills.models import Category, Occupation, Skill
        from stint.skills.occupations import occupations_changed

        for model in (Skill, Category):
            post_save.connect(signals.skills_changed, sender=model, dispatch_uid=f"skills-index-save-{model.__name__}")
            post_delete.connect(
                signals.skills_changed, sender=model, dispatch_uid=f"skills-index-delete-{model.__name__}"
            )
        post_save.connect(occupations_changed, sender=Occupation, dispatch_uid="occupations-index-save")
        post_delete.connect(occupations_changed, sender=Occupation, dispatch_uid="occupations-index-delete")
        m2m_changed.connect(signals.skills_changed, sender=Skill.related.through, dispatch_uid="skills-index-related")
