"""Addresses of many objects of one kind, for the long exports and lists."""

from django.urls import reverse


class Routes:
    """reverse() once per route and its fixed arguments, not once per object.

    A thousand reverse() calls cost a fifth of a whole conference's calendar. Only for
    routes whose last argument is the ``slug``, which a slug converter takes as it is.
    One instance per response: the script prefix may differ between requests.
    """

    # Stands for every slug while the route is reversed once.
    _SLUG = "0slug0"

    def __init__(self) -> None:
        self._routes: dict[tuple[str, ...], tuple[str, str]] = {}

    def url(self, name: str, slug: str, **kwargs: str) -> str:
        """reverse(name, kwargs={**kwargs, "slug": slug})."""
        key = (name, *kwargs.values())
        route = self._routes.get(key)
        if route is None:
            reversed_ = reverse(name, kwargs={**kwargs, "slug": self._SLUG})
            head, _, tail = reversed_.rpartition(self._SLUG)
            route = self._routes[key] = (head, tail)
        return route[0] + slug + route[1]
