from django.contrib import admin

from conference.models import Conference, OrganizerMembership, Room, Series, Track, Venue


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["name", "city", "address"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 0


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


class MembershipInline(admin.TabularInline):
    model = OrganizerMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "series", "start_date", "end_date", "timezone", "venue", "published"]
    list_filter = ["published", "series", "start_date"]
    search_fields = ["name", "slug", "venue__city"]
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["series", "venue"]
    inlines = [RoomInline, TrackInline, MembershipInline]


@admin.register(Room)
class RoomAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "capacity", "position"]
    list_filter = ["conference"]
    search_fields = ["name", "conference__name"]
    list_select_related = ["conference"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["name", "conference", "colour"]
    list_filter = ["conference"]
    search_fields = ["name", "conference__name"]
    list_select_related = ["conference"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrganizerMembership)
class OrganizerMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "conference", "role", "created_at"]
    list_filter = ["role", "conference"]
    search_fields = ["user__username", "user__email", "conference__name"]
    list_select_related = ["user", "conference"]
    autocomplete_fields = ["user", "conference"]
