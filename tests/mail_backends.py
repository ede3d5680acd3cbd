"""An email backend that always fails, to show a failed notification loses no message."""

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server is down.")
