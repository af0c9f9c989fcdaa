from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "peerlearn.mentoring"
    label = "mentoring"
    verbose_name = "Peer mentoring"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.mentoring.next_steps import next_steps_for

        register_next_steps("mentoring", next_steps_for)
