from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "peerlearn.onboarding"
    label = "onboarding"
    verbose_name = "Onboarding buddies"
