"""A real SMTP server for tests (aiosmtpd on a free local port) that keeps what it receives."""

import email
import socket
from email import policy

from aiosmtpd.controller import Controller


class Inbox:
    """Collects the messages the server accepted; ``refuse`` makes it answer 451 (try again later) instead."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 Requested action aborted: try again later"
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        assert address, "an empty address would match every message"
        return [message for message in self.messages if address in message["To"]]

    def sent(self):
        """[(address, subject)] of every message received, sorted."""
        return sorted((str(message["To"]), self.subject(message)) for message in self.messages)

    @staticmethod
    def subject(message):
        # Django folds a long encoded subject onto a continuation line; unfolded it starts with that blank.
        return str(message["Subject"]).strip()

    @staticmethod
    def text(message):
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        # A loaded CI machine may take a while to start the server thread.
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, ready_timeout=30)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    def settings(self):
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }
