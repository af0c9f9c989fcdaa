from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "peerlearn.qa"
    label = "qa"
    verbose_name = "Ask a peer"
