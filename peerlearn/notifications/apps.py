from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "peerlearn.notifications"
    label = "notifications"
    verbose_name = "Notifications"
