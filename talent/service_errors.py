"""The one error type of the services (every domain's error subclasses it).

A service refuses a change by raising a subclass of :class:`ServiceError` with a message for the person
and, when one form field is at fault, that field's name; the view shows the message on the field (see
``talent.forms_util.attach_error``) or at the top of the form. It is a ``ValueError``: a caller that only
needs to know the change was refused can catch that.
"""

from __future__ import annotations


class ServiceError(ValueError):
    """A change a service refuses: ``message`` says why, ``field`` names the form field at fault (if any).

    The message may be a lazy translation; it is rendered in the current language when raised.
    """

    def __init__(self, message: object, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.field = field
