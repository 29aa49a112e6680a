from django.contrib import admin

from talks.models import (
    Bookmark,
    FollowUp,
    FollowUpNote,
    Resource,
    Schedule,
    Slot,
    Speaker,
    Tag,
    Talk,
    TalkSpeaker,
)


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "affiliation", "slug", "user", "updated_at"]
    search_fields = ["name", "slug", "affiliation", "email"]
    list_filter = ["talks__conference"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class TalkSpeakerInline(admin.TabularInline):
    model = TalkSpeaker
    extra = 0
    autocomplete_fields = ["speaker"]
    ordering = ["position"]


class ResourceInline(admin.TabularInline):
    model = Resource
    extra = 0
    fields = ["kind", "url", "title", "author", "published_on", "approved"]


@admin.register(Talk)
class TalkAdmin(admin.ModelAdmin):
    list_display = ["title", "conference", "kind", "state", "track", "updated_at"]
    list_filter = ["conference", "kind", "state", "track", "tags"]
    search_fields = ["title", "abstract", "speakers__name", "uuid"]
    list_select_related = ["conference", "track"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["conference", "tags"]
    readonly_fields = ["uuid", "created_at", "updated_at"]
    inlines = [TalkSpeakerInline, ResourceInline]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    autocomplete_fields = ["talk"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["conference", "version", "released_at", "released_by"]
    list_filter = ["conference"]
    search_fields = ["conference__name", "version"]
    list_select_related = ["conference", "released_by"]
    inlines = [SlotInline]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ["__str__", "schedule", "room", "start", "end"]
    list_filter = ["schedule__conference", "schedule", "room"]
    search_fields = ["title", "talk__title"]
    list_select_related = ["schedule__conference", "room", "talk"]
    autocomplete_fields = ["talk"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "talk", "kind", "published_on", "approved"]
    list_filter = ["kind", "approved", "talk__conference"]
    search_fields = ["title", "url", "talk__title", "author"]
    list_select_related = ["talk"]
    autocomplete_fields = ["talk"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "talk", "created_at"]
    list_filter = ["talk__conference"]
    search_fields = ["user__username", "talk__title"]
    list_select_related = ["user", "talk"]
    autocomplete_fields = ["talk"]
    raw_id_fields = ["user"]


class FollowUpNoteInline(admin.StackedInline):
    model = FollowUpNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["__str__", "talk", "kind", "status", "created_at"]
    list_filter = ["status", "kind", "talk__conference"]
    search_fields = ["talk__title", "name", "message"]
    list_select_related = ["talk"]
    autocomplete_fields = ["talk"]
    raw_id_fields = ["author"]
    readonly_fields = ["token", "created_at", "updated_at"]
    inlines = [FollowUpNoteInline]
