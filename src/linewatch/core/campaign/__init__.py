"""Diversion campaigns: preparing a contact list, filling the message, sending it safely.

Pure Python (no Django): the web app (``linewatch.web.messaging``) and the command line
(``linewatch campaign``) supply the database checks and the place where messages are kept.
"""

from linewatch.core.campaign.contacts import (
    ContactFileError,
    ContactList,
    ContactRow,
    parse_contact_text,
    read_contact_file,
)
from linewatch.core.campaign.gateway import (
    NOTIFY_BASE_URL,
    LogOnlyGateway,
    NotifyGateway,
    is_stop,
    message_reference,
)
from linewatch.core.campaign.numbers import NumberCheck, check_number, check_number_slowly
from linewatch.core.campaign.partners import agencies_file_numbers, numbers_in_text
from linewatch.core.campaign.prepare import (
    DATABASE_REASONS,
    REASONS,
    Eligible,
    Preparation,
    Removed,
    Screening,
    prepare,
)
from linewatch.core.campaign.sending import (
    DeliveryReport,
    Gateway,
    Intent,
    NotifyError,
    Outbox,
    RateLimiter,
    SendPolicy,
    deliver,
)
from linewatch.core.campaign.template import (
    TemplateError,
    fill,
    missing_placeholders,
    placeholders,
    sms_fragments,
)

__all__ = [
    "DATABASE_REASONS",
    "NOTIFY_BASE_URL",
    "REASONS",
    "ContactFileError",
    "ContactList",
    "ContactRow",
    "DeliveryReport",
    "Eligible",
    "Gateway",
    "Intent",
    "LogOnlyGateway",
    "NotifyError",
    "NotifyGateway",
    "NumberCheck",
    "Outbox",
    "Preparation",
    "RateLimiter",
    "Removed",
    "Screening",
    "SendPolicy",
    "TemplateError",
    "agencies_file_numbers",
    "check_number",
    "check_number_slowly",
    "deliver",
    "fill",
    "is_stop",
    "message_reference",
    "missing_placeholders",
    "numbers_in_text",
    "parse_contact_text",
    "placeholders",
    "prepare",
    "read_contact_file",
    "sms_fragments",
]
