from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "peerlearn.core"
    label = "core"
    verbose_name = "Peerlearn core"
