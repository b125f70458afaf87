from django.apps import AppConfig


class CurrenciesConfig(AppConfig):
    name = "stint.currencies"
    label = "currencies"
    verbose_name = "Currencies"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from stint.currencies.models import ExchangeRate
        from stint.currencies.selectors import forget_rates

        post_save.connect(forget_rates, sender=ExchangeRate, dispatch_uid="currencies-rates-save")
        post_delete.connect(forget_rates, sender=ExchangeRate, dispatch_uid="currencies-rates-delete")
