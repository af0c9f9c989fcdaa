from django.apps import AppConfig


class ShadowingConfig(AppConfig):
    name = "peerlearn.shadowing"
    label = "shadowing"
    verbose_name = "Role shadowing"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.shadowing.next_steps import next_steps_for

        register_next_steps("shadowing", next_steps_for)
