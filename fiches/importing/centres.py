"""Writing the centres a file names and the partners a project sheet lists."""

from collections.abc import Iterable, Sequence

from centres.enums import PartnerCategory
from centres.models import Centre, Partner
from parsing.naming import StructureName, match_key, read_structure_name
from parsing.records import ProjectPartnerEntry

from .writing import ImportRun, fingerprint

# Words that mark a faith-based organisation in the "Associatifs et cultuels" section.
FAITH_MARKERS = ("paroisse", "musulman", "eglise", "mosquee", "temple", "synagogue", "diocese")
PARTNER_IMPORTED_FIELDS = (
    "name", "acronym", "expanded_name", "category", "follow_up_state", "follow_up_note",
)  # fmt: skip


class CentreWriter:
    """The centres a file names, found under their names or aliases, or created; each looked
    up once per file (all at once, for a dump: :meth:`look_up`)."""

    def __init__(self, run: ImportRun):
        self.run = run
        self.centres: dict[str, Centre] = {}
        self.centres_as_written: dict[str, Centre] = {}
        self.known_centres: dict[str, Centre | None] = {}  # None: looked up, not found
        self.created: set[int] = set()

    def look_up(self, written_names: Iterable[str]) -> list[Centre]:
        """Finds the centres of these names in one query; returns those found."""
        keys = {match_key(read_structure_name(written).name) for written in written_names}
        found = Centre.objects.find_by_names(keys)
        self.known_centres.update({key: found.get(key) for key in keys})
        return list(found.values())

    def centre_for(self, written_name: str, *, line: int) -> Centre:
        # A dump names each centre over and over, mostly written the same way.
        if written_name not in self.centres_as_written:
            structure = read_structure_name(written_name)
            key = match_key(structure.name)
            if key not in self.centres:
                self.centres[key] = self.find_or_create(structure, key, line=line)
            self.centres_as_written[written_name] = self.centres[key]
        return self.centres_as_written[written_name]

    def find_or_create(self, structure: StructureName, key: str, *, line: int) -> Centre:
        if key in self.known_centres:
            centre = self.known_centres[key]
        else:
            centre = Centre.objects.find_by_name(structure.name)
        if centre is None:
            values = {
                "name": structure.name,
                "display_name": structure.display_name,
                "kind": structure.kind,
                "departement": structure.departement,
            }
            self.run.check_lengths(Centre, values, line=line)
            centre = Centre.objects.create(**values)
            self.created.add(centre.pk)
            self.run.report.centres_created += 1
        elif structure.departement and not centre.departement:
            # Its sheets' search documents hold the département: the one receiver of
            # ``fiches.signals`` refreshes them.
            centre.departement = structure.departement
            centre.save(update_fields=["departement", "updated_at"])
        return centre


def partner_category(section: str, name: str) -> str | None:
    """The category of a partner listed under ``section``; None for an unknown section."""
    key = match_key(section)
    if key.startswith("institution"):
        return PartnerCategory.INSTITUTIONAL
    if key.startswith("bailleur"):
        return PartnerCategory.SOCIAL_LANDLORD
    if key.startswith(("associati", "cultu", "caritati")):
        # The sheet files associations and faith groups together; a name that says "paroisse"
        # or "musulmans" is faith-based, the rest associative (coordinators can correct it).
        name_key = f" {match_key(name)} "
        if key.startswith("cultu") or any(f" {marker}" in name_key for marker in FAITH_MARKERS):
            return PartnerCategory.FAITH_BASED
        return PartnerCategory.ASSOCIATIVE
    return None


def partner_values(entry: ProjectPartnerEntry, category: str) -> dict:
    return {
        "name": entry.name,
        "acronym": entry.acronym,
        "expanded_name": entry.expanded_name,
        "category": category,
        "follow_up_state": entry.follow_up,
        "follow_up_note": entry.follow_up_note,
    }


def stored_partner_values(partner: Partner) -> dict:
    return {name: getattr(partner, name) for name in PARTNER_IMPORTED_FIELDS}


class PartnerWriter:
    """The partners of a project sheet, each stored once in the directory and linked to the
    sheet's centre; one edited by hand since its last import keeps the edit."""

    def __init__(self, run: ImportRun):
        self.run = run

    def write_partners(
        self, entries: Sequence[ProjectPartnerEntry], centre: Centre, state: str
    ) -> list[tuple[ProjectPartnerEntry, Partner]]:
        """The sheet's partners, each stored once, paired with the entry that names it."""
        pairs, seen = [], {}
        for entry in entries:
            partner = self.write_partner(entry, centre, state)
            if partner.pk in seen:
                self.run.report.warnings.append(
                    f"ligne {entry.line} : « {entry.as_written} » figure déjà ligne "
                    f"{seen[partner.pk]}, ignoré"
                )
                continue
            seen[partner.pk] = entry.line
            pairs.append((entry, partner))
        return pairs

    def write_partner(self, entry: ProjectPartnerEntry, centre: Centre, state: str) -> Partner:
        category = partner_category(entry.category, entry.name)
        if category is None:
            raise self.run.refuse(
                f"rubrique de partenaires inconnue « {entry.category} » : attendu "
                "« Institutionnels », « Associatifs et cultuels » ou « Bailleurs sociaux »",
                line=entry.line,
            )
        values = partner_values(entry, category)
        self.run.check_lengths(Partner, values, line=entry.line)
        new_fingerprint = fingerprint(values)
        partner = Partner.objects.find_by_name(entry.name)
        report = self.run.report
        if partner is None:
            partner = Partner.objects.create(
                **values, publication_state=state, import_fingerprint=new_fingerprint
            )
            report.partners_created += 1
        elif partner.import_fingerprint != new_fingerprint:
            if fingerprint(stored_partner_values(partner)) != partner.import_fingerprint:
                report.conflicts.append(
                    f"ligne {entry.line} : le partenaire « {partner} » a été modifié à la main "
                    "depuis son dernier import ; la modification est conservée"
                )
            else:
                for name, value in values.items():
                    setattr(partner, name, value)
                partner.import_fingerprint = new_fingerprint
                partner.save()
                report.partners_updated += 1
        partner.centres.add(centre)
        return partner


def link_values(entry: ProjectPartnerEntry) -> dict:
    """A partner as the sheet lists it (``ProjectPartner``), beside the partner itself."""
    return {
        "section": entry.category,
        "as_written": entry.as_written,
        "follow_up_state": entry.follow_up,
        "follow_up_note": entry.follow_up_note,
    }
