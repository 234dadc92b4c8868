from django.apps import AppConfig


class ResearchConfig(AppConfig):
    name = "research"
    verbose_name = "调查研究"
