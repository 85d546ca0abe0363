from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The ground floor: Vietnamese text, numbers and money, cache, Excel reading and writing, ids, domain errors.

    Imports no app of the project; every app may import it.
    """

    name = "core"
    verbose_name = "BDTX core"
