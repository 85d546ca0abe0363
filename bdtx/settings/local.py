"""`make run`: the embedded defaults, a secret key generated once into var/, DEBUG only when asked for."""

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR
from .env import env_bool, env_str


def _local_secret_key():
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = env_str("SECRET_KEY", "") or _local_secret_key()
# `make run` is what people try the product with: they see the site's Vietnamese error pages, never Django's
# technical ones. A developer who wants those runs `DEBUG=1 make run`.
DEBUG = env_bool("DEBUG", False)
# Without DEBUG, runserver no longer serves static files: WhiteNoise serves them straight from the app folders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# `make run` seeds the demo province (`seed_demo`): its builders are an app of their own, never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
