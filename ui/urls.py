from django.urls import path

from . import choices

urlpatterns = [
    path("<slug:name>/", choices.choices, name="choices"),
]
