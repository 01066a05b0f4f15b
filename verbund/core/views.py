from django.http import HttpResponseForbidden, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from .permissions import ViewAccess


def declare(access: ViewAccess):
    """Mark a function view as deliberately outside any municipality."""

    def wrap(view):
        view.permission = access
        return view

    return wrap


def csrf_failure(request, reason=""):
    template = loader.get_template("403_csrf.html")
    return HttpResponseForbidden(template.render({}, request))


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # Rendered without the request so no context processor can fail a second time.
    return HttpResponseServerError(loader.get_template("500.html").render())
