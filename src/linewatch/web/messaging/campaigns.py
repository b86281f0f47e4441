"""Building, preparing and sending a diversion campaign from a seized handset's contacts.

Who: police intelligence analysts at a police force (the handset is a police exhibit). The
contacts are those of the handset-contacts events the analyst may see in full.

Simulated data is never sent to Notify: a campaign is marked *simulated* when its import's
file came from ``linewatch simulate`` (its checksum is recorded by :func:`record_scenario`,
from the scenario's manifest) or when the database holds a simulated demo scenario (lines
registered from the simulator's ground truth, ``source_feed="demo"``). Feed imports carry no
"simulated" flag of their own. Such a campaign may only be logged, or sent to a Notify test
server when ``LINEWATCH_NOTIFY_ALLOW_SIMULATED`` is set and the base URL is not Notify's own.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from linewatch.core.access import Role
from linewatch.core.campaign import (
    ContactList,
    ContactRow,
    DeliveryReport,
    Gateway,
    LogOnlyGateway,
    NotifyError,
    NotifyGateway,
    deliver,
    fill,
    is_stop,
    message_reference,
    missing_placeholders,
    prepare,
)
from linewatch.web.access import filter_visible
from linewatch.web.audit.trail import record as audit
from linewatch.web.events.models import Event
from linewatch.web.intake.models import FeedImport
from linewatch.web.messaging.config import DEFAULT_TEMPLATE, NotifyConfig, notify_config
from linewatch.web.messaging.models import (
    Campaign,
    CampaignContact,
    Message,
    OptOut,
    SimulatedFeedFile,
    TreatmentService,
)
from linewatch.web.messaging.outbox import CampaignOutbox
from linewatch.web.messaging.screening import screen

HANDSET_KIND = "handset-contacts"
FINAL_STATUSES = ("delivered", "permanent-failure", "temporary-failure", "technical-failure")


class CampaignRefused(Exception):
    """The campaign cannot be sent as it is (the message says why and what to do)."""


def can_run_campaigns(user: Any) -> bool:
    agency = getattr(user, "agency", None)
    return bool(
        user.is_authenticated
        and getattr(user, "role", "") == Role.POLICE_ANALYST.value
        and agency is not None
        and agency.kind == "police"
    )


def handset_imports(user: Any) -> QuerySet[FeedImport]:
    """Completed handset-contacts imports with at least one contact the user may see."""
    events = filter_visible(user, Event.objects.filter(kind="handset_contact"))
    ids = events.exclude(feed_import=None).values("feed_import_id")
    return FeedImport.objects.filter(kind=HANDSET_KIND, status="completed", pk__in=ids)


def _contact_events(user: Any, feed_import: FeedImport) -> QuerySet[Event]:
    events = Event.objects.filter(kind="handset_contact", feed_import=feed_import)
    return filter_visible(user, events).order_by("source_row", "id")


def contacts_from_import(user: Any, feed_import: FeedImport) -> ContactList:
    """The import's contacts the user may see, as a contact list (row = the file's row)."""
    rows = []
    for event in _contact_events(user, feed_import).prefetch_related("phone_links__phone"):
        for link in event.phone_links.all():
            if link.role == "contact":
                columns = {
                    "contact_name": event.description,
                    "handset_ref": event.ref,
                    "message_count": "" if event.count is None else str(event.count),
                }
                rows.append(ContactRow(event.source_row or 0, link.phone.e164, columns))
    header = ("phone", "contact_name", "handset_ref", "message_count")
    return ContactList(feed_import.filename, header, tuple(rows))


def handset_area(user: Any, feed_import: FeedImport) -> str:
    """The LA of the seized handset's area: its events' area, else its deal line's."""
    events = _contact_events(user, feed_import)
    areas = Counter(a for a in events.values_list("area_code", flat=True) if a)
    if areas:
        return areas.most_common(1)[0][0]
    from linewatch.web.lines.models import DealLineNumber

    handsets = events.filter(phone_links__role="handset").values("phone_links__phone_id")
    line = (
        DealLineNumber.objects.filter(phone_id__in=handsets)
        .select_related("line")
        .exclude(line__area_code="")
        .first()
    )
    return line.line.area_code if line is not None else ""


def service_for_area(area_code: str) -> TreatmentService | None:
    """The first service (by name) that serves the area."""
    for service in TreatmentService.objects.order_by("name"):
        if area_code and area_code in (service.area_codes or []):
            return service
    return None


def record_scenario(directory: Path) -> int:
    """Remember every feed file of a simulator output (from its manifest) as simulated."""
    manifest = json.loads((directory / "feeds" / "manifest.json").read_text("utf-8"))
    recorded = 0
    for entry in manifest["files"]:
        path = directory / "feeds" / str(entry["path"])
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        _, created = SimulatedFeedFile.objects.get_or_create(
            checksum=digest,
            defaults={"path": str(entry["path"])[:300], "scenario": str(directory)[:300]},
        )
        recorded += created
    return recorded


def simulated_reason(feed_import: FeedImport | None) -> str:
    if feed_import is not None:
        known = SimulatedFeedFile.objects.filter(checksum=feed_import.checksum).first()
        if known is not None:
            return f"{feed_import.filename} is a file of the simulated scenario {known.scenario}"
    from linewatch.web.lines.models import CountyLine

    if CountyLine.objects.filter(source_feed="demo").exists():
        return "this database holds a simulated demo scenario (its numbers look like real ones)"
    return ""


def personalisation_for(service: TreatmentService | None) -> dict[str, str]:
    if service is None:
        return {}
    return {"service_name": service.name, "service_phone": service.phone}


@transaction.atomic
def create_campaign(
    user: Any,
    feed_import: FeedImport,
    *,
    name: str,
    area_code: str,
    service: TreatmentService | None,
    request: HttpRequest | None = None,
) -> Campaign:
    """Prepare the import's contacts and keep the campaign with its counts and eligible list."""
    config = notify_config()
    contacts = contacts_from_import(user, feed_import)
    result = prepare(contacts, screening=screen)
    reason = simulated_reason(feed_import)
    refs = {row.columns.get("handset_ref", "") for row in contacts.rows}
    campaign = Campaign.objects.create(
        name=name,
        owning_agency=user.agency,
        created_by=user,
        source_import=feed_import,
        handset_ref=", ".join(sorted(r for r in refs if r))[:128],
        area_code=area_code,
        service=service,
        template_id=config.template_id,
        template_text=DEFAULT_TEMPLATE,
        preparation=result.as_json(),
        simulated=bool(reason),
        simulated_reason=reason[:300],
    )
    CampaignContact.objects.bulk_create(
        CampaignContact(campaign=campaign, e164=e.e164, columns=e.columns) for e in result.eligible
    )
    audit(
        "combination",
        "campaign",
        [campaign.pk],
        f"Prepared campaign {campaign.pk} from handset import {feed_import.pk}: "
        f"{len(result.eligible)} eligible of {result.input_rows}",
        request=request,
        user=user,
        justification="Diversion into treatment: screening a seized handset's contacts",
    )
    return campaign


def preview(campaign: Campaign) -> str:
    values = personalisation_for(campaign.service)
    if missing_placeholders(campaign.template_text, values):
        return ""
    return fill(campaign.template_text, values)


def gateway_for(config: NotifyConfig, template_text: str) -> Gateway:
    if config.api_key:
        return NotifyGateway(config.api_key, config.base_url, timeout=config.timeout)
    return LogOnlyGateway(template=template_text)


def refusal(campaign: Campaign, config: NotifyConfig) -> str:
    """Why the campaign may not be sent now, or ''."""
    if not campaign.contacts.exists():
        return "There is nobody to send to: every number on the list was removed."
    missing = missing_placeholders(campaign.template_text, personalisation_for(campaign.service))
    if missing:
        return "Choose a treatment service: the message needs " + ", ".join(
            f"(({name}))" for name in missing
        )
    if campaign.simulated and config.backend == "notify":
        if not config.allow_simulated:
            return (
                f"Not sent: {campaign.simulated_reason}. Simulated numbers are never sent to "
                "Notify; set LINEWATCH_NOTIFY_ALLOW_SIMULATED=1 to send them to a Notify test "
                "server."
            )
        if config.is_notify_itself:
            return (
                f"Not sent: {campaign.simulated_reason}, and the Notify base URL is GOV.UK "
                "Notify's own API; simulated numbers only go to a test server."
            )
    return ""


def queue_messages(campaign: Campaign) -> int:
    """One intent per eligible number, stored (and committed) before anything is sent."""
    values = personalisation_for(campaign.service)
    with transaction.atomic():
        Message.objects.bulk_create(
            [
                Message(
                    campaign=campaign,
                    e164=contact.e164,
                    reference=message_reference(str(campaign.key), contact.e164),
                    personalisation=values,
                )
                for contact in campaign.contacts.all()
            ],
            ignore_conflicts=True,
        )
    return campaign.messages.count()


def send_campaign(
    campaign: Campaign,
    *,
    user: Any = None,
    request: HttpRequest | None = None,
    gateway: Gateway | None = None,
    config: NotifyConfig | None = None,
) -> DeliveryReport:
    """Send (or log) every message not yet sent; raises :class:`CampaignRefused`."""
    config = config or notify_config()
    why = refusal(campaign, config)
    if why:
        raise CampaignRefused(why)
    gateway = gateway or gateway_for(config, campaign.template_text)
    queued = queue_messages(campaign)
    pending = campaign.messages.exclude(state__in=("sent", "failed"))
    recipient = "GOV.UK Notify" if config.backend == "notify" else "nobody (log-only backend)"
    audit(
        "disclosure",
        "campaign",
        [campaign.pk, *pending.values_list("pk", flat=True)[:999]],
        f"Campaign {campaign.pk}: {pending.count()} of {queued} diversion messages to "
        f"{gateway.name}",
        request=request,
        user=user,
        justification="Diversion into treatment: SMS to the contacts of a seized handset",
        recipients=f"{recipient} {config.base_url if config.backend == 'notify' else ''}".strip(),
    )
    Campaign.objects.filter(pk=campaign.pk).update(status="sending", backend=gateway.name)
    report = deliver(
        CampaignOutbox(campaign, gateway.name), gateway, config.template_id, config.policy
    )
    left = campaign.messages.exclude(state__in=("sent", "failed")).exists()
    Campaign.objects.filter(pk=campaign.pk).update(
        status="sending" if left else "sent", sent_at=None if left else timezone.now()
    )
    campaign.refresh_from_db()
    return report


def refresh_statuses(campaign: Campaign, gateway: Gateway | None = None) -> int:
    """Ask Notify for the delivery status of each sent message not yet final."""
    config = notify_config()
    gateway = gateway or gateway_for(config, campaign.template_text)
    updated = 0
    for message in campaign.messages.filter(state="sent").exclude(notify_status__in=FINAL_STATUSES):
        if not message.notification_id or gateway.name == "log-only":
            continue
        try:
            status = str(gateway.status(message.notification_id).get("status", ""))
        except NotifyError:
            continue
        if status and status != message.notify_status:
            Message.objects.filter(pk=message.pk).update(notify_status=status[:30])
            updated += 1
    return updated


def record_stop(number: str, text: str, *, source: str = "stop_reply") -> bool:
    """Opt a number out of future campaigns; True when it was not opted out before."""
    last = Message.objects.filter(e164=number).order_by("-id").first()
    _, created = OptOut.objects.get_or_create(
        e164=number,
        defaults={
            "recorded_at": timezone.now(),
            "source": source,
            "reply": text[:160],
            "campaign": last.campaign if last else None,
        },
    )
    return created


def record_replies(gateway: Gateway | None = None) -> int:
    """Read the replies Notify received; every STOP opts its number out. Returns new opt-outs."""
    from linewatch.core.campaign import check_number

    gateway = gateway or gateway_for(notify_config(), DEFAULT_TEMPLATE)
    texts = getattr(gateway, "received_texts", None)
    if texts is None:
        return 0
    new = 0
    for reply in texts():
        if is_stop(str(reply.get("content", ""))):
            checked = check_number(str(reply.get("user_number", "")))
            if checked.valid:
                new += record_stop(checked.e164, str(reply.get("content", "")))
    return new
