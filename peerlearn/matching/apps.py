from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "peerlearn.matching"
    label = "matching"
    verbose_name = "Matching programmes"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.matching.next_steps import next_steps_for

        register_next_steps("matching", next_steps_for)
