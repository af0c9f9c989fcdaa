from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "peerlearn.activities"
    label = "activities"
    verbose_name = "Learning activities"
