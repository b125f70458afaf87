from django.contrib import admin

from stint.messaging.models import Message, Thread


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    raw_id_fields = ("author",)


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("id", "application", "engagement", "created_at")
    raw_id_fields = ("application", "engagement")
    inlines = [MessageInline]
