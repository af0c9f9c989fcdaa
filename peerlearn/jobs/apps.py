from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "peerlearn.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app declares its jobs and periodic schedules in its tasks.py; importing them all
        # here fills the periodic registry before any worker's scheduler looks at it.
        autodiscover_modules("tasks")
