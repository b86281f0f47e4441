"""Finding or creating the Location for an address and postcode typed by a user."""

from __future__ import annotations

from django.utils import timezone

from linewatch.web.accounts.models import Agency
from linewatch.web.intake.drafts import address_key
from linewatch.web.intake.geocoding import place_postcodes_and_points
from linewatch.web.pole.models import Location


def location_for(
    address: str, postcode: str, agency: Agency, source: str = "web"
) -> Location | None:
    """The existing Location with this address and postcode, or a new one with its geography."""
    address, postcode = address.strip()[:300], postcode.strip()
    if not (address or postcode):
        return None
    key = address_key(address)
    existing = Location.objects.filter(address_key=key, postcode=postcode).first()
    if existing is not None:
        return existing
    geo = place_postcodes_and_points([postcode], [None], [None])[0]
    location, _ = Location.objects.get_or_create(
        address_key=key,
        postcode=postcode,
        defaults={
            "address": address,
            "owning_agency": agency,
            "source_feed": source,
            "received_at": timezone.now(),
            "area_code": geo.la_code,
            "easting": geo.easting,
            "northing": geo.northing,
            "latitude": geo.latitude,
            "longitude": geo.longitude,
            "lsoa_code": geo.lsoa_code,
            "ward_code": geo.ward_code,
            "neighbourhood_policing_area": geo.npa,
        },
    )
    return location
