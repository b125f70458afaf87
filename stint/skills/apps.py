from django.apps import AppConfig


class SkillsConfig(AppConfig):
    name = "stint.skills"
    label = "skills"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from stint.skills import signals
        from stint.skills.models import Category, Skill

        for model in (Skill, Category):
            post_save.connect(signals.skills_changed, sender=model, dispatch_uid=f"skills-index-save-{model.__name__}")
            post_delete.connect(
                signals.skills_changed, sender=model, dispatch_uid=f"skills-index-delete-{model.__name__}"
            )
        m2m_changed.connect(signals.skills_changed, sender=Skill.related.through, dispatch_uid="skills-index-related")
