"""Zone watch: what one check of the published zone found (mailbot.workflow.zone_watch), as `mailbot zone check
--json` prints it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ZoneCheck:
    """What one check found, as `mailbot zone check --json` prints it."""

    zone: str
    source: str
    serial: int | None = None  # the serial the zone has now (None: it could not be asked)
    previous_serial: int | None = None  # the serial last read whole
    read: bool = False  # the zone was read whole (its serial had moved)
    domains: int = 0  # the locked domains compared
    alarms: list[dict] = field(default_factory=list)  # {"ticket", "domain", "again"}
    seen: list[dict] = field(default_factory=list)  # applied changes seen in the zone: {"ticket", "domain", "serial"}
    different: list[dict] = field(default_factory=list)  # applied changes that appeared different
    late: list[dict] = field(default_factory=list)  # applied changes not seen within the time allowed
    error: str | None = None  # why the zone could not be read (temporary: tried again at the next check)

    def as_json(self) -> dict:
        return asdict(self)
