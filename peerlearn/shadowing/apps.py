from django.apps import AppConfig


class ShadowingConfig(AppConfig):
    name = "peerlearn.shadowing"
    label = "shadowing"
    verbose_name = "Role shadowing"
