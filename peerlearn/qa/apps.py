from django.apps import AppConfig


class QaConfig(AppConfig):
    name = "peerlearn.qa"
    label = "qa"
    verbose_name = "Ask a peer"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.qa.next_steps import next_steps_for

        register_next_steps("qa", next_steps_for)
