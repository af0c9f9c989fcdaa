from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "peerlearn.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge hub"
