from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "peerlearn.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge hub"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.knowledge.next_steps import next_steps_for

        register_next_steps("knowledge", next_steps_for)
