from django.http import HttpRequest, JsonResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def hello(request: HttpRequest) -> JsonResponse:
    """The smallest Django view: the baseline the search endpoint's throughput is compared with."""
    return JsonResponse({"hello": "world"})


urlpatterns = [path("bench/hello", hello), *project_urlpatterns]
