"""The hasher of one-time passwords (mật khẩu lần đầu) printed on a credentials sheet."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    """PBKDF2 with far fewer rounds, for random one-time passwords of about 50 bits: a school's sheet of fifty is
    made in a second, not a minute. The person sets their own password at the first login, hashed with the
    default hasher (and a login with the one-time password upgrades the hash anyway)."""

    algorithm = "pbkdf2_onetime"
    iterations = 5_000
