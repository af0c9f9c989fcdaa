from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CalendarsConfig(AppConfig):
    name = "peerlearn.calendars"
    label = "calendars"
    verbose_name = "Calendars"

    def ready(self) -> None:
        # Each format app registers its events in calendar_events.py (see calendars.sources).
        autodiscover_modules("calendar_events")
