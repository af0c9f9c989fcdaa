from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "peerlearn.mentoring"
    label = "mentoring"
    verbose_name = "Peer mentoring"
