"""The signed-in training pages: each area keeps its own list of paths."""

from .urls_attendance import urlpatterns as attendance
from .urls_impact import urlpatterns as impact
from .urls_programme import urlpatterns as programme
from .urls_surveys import urlpatterns as surveys

app_name = "training"

urlpatterns = [*programme, *attendance, *surveys, *impact]
