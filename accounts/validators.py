from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's rule with a Vietnamese message (Django 5.2's vi catalog lacks the new wording)."""

    def get_error_message(self):
        return ngettext(
            "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu quá ngắn. Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            "Mật khẩu phải có ít nhất %(min_length)d ký tự.",
            self.min_length,
        ) % {"min_length": self.min_length}
