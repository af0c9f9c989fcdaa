from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "peerlearn.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding buddies"

    def ready(self) -> None:
        # What this app has waiting for each person, on the home page (core.next_steps).
        from peerlearn.core.next_steps import register_next_steps
        from peerlearn.onboarding.next_steps import next_steps_for

        register_next_steps("onboarding", next_steps_for)
