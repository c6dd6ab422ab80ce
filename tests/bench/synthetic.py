"""A large, realistic catalogue made from the seed dump, written in the dump's own format.

Every sentence, keyword, public, initiator, partner type, territory and dimension comes from
``fixtures/observatoire-yvelines-fiches-actions.txt``; only their combination is random, and
deterministic for a given seed. Pure Python: no Django, no database.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from parsing import parse_action_dump
from parsing.records import ActionSheet

FIXTURES_DIR = Path(__file__).resolve().parents[2] / "fixtures"
SEED_DUMP = FIXTURES_DIR / "observatoire-yvelines-fiches-actions.txt"
OBSERVATORY_HEADER = "Les actions des centres sociaux"
DEPARTEMENTS = (
    "Yvelines", "Essonne", "Hauts-de-Seine", "Seine-Saint-Denis", "Val-d'Oise", "Val-de-Marne",
    "Nord", "Rhône", "Gironde", "Bouches-du-Rhône", "Loire-Atlantique", "Isère",
)  # fmt: skip
CENTRE_KINDS = ("CENTRE SOCIAL", "CENTRE SOCIAL", "EVS", "MAISON DE QUARTIER", "ESPACE")
FIRST_NAMES = (
    "ALBERT", "ANDRE", "LOUISE", "SIMONE", "JEAN", "MARIE", "PAUL", "GEORGES", "JACQUES",
    "LUCIE", "VICTOR", "JULES", "ROSA", "NELSON", "OLYMPE", "PABLO", "EMILE", "COLETTE",
    "AIME", "FRANCOISE", "LEON", "GERMAINE", "BORIS", "JOSEPHINE", "MARCEL", "HENRI",
    "GISELE", "FREDERIC", "CAMILLE", "ELSA",
)  # fmt: skip
LAST_NAMES = (
    "CAMUS", "MALRAUX", "WEIL", "JAURES", "CURIE", "MICHEL", "PREVERT", "HUGO", "ZOLA",
    "PARKS", "MANDELA", "DE GOUGES", "NERUDA", "VERNE", "SAND", "CESAIRE", "DOLTO", "BLUM",
    "TILLION", "VIAN", "BAKER", "PAGNOL", "BRASSENS", "MOULIN", "FERRAT", "BREL", "TRIOLET",
    "KOSMA", "SCHWEITZER", "BERGER",
)  # fmt: skip
PLACES = (
    "LES LILAS", "LES GLYCINES", "LES TILLEULS", "LE VAL FLEURI", "LES COTEAUX", "LA SOURCE",
    "LES BRUYERES", "LE BOIS JOLI", "LES PEUPLIERS", "LA ROSERAIE", "LES SABLONS", "LE PARC",
    "LES CHAMPS", "LA PLAINE", "LES HAUTS", "LE MOULIN", "LA FONTAINE", "LES GARENNES",
    "LES ERABLES", "LA CLAIRIERE",
)  # fmt: skip
TITLE_ACTIVITIES = (
    "Atelier", "Sortie", "Fête", "Café", "Permanence", "Rencontres", "Projet", "Chantier",
    "Forum", "Semaine", "Balade", "Soirée", "Jardin", "Club", "Parcours",
)  # fmt: skip
YEARS = tuple(str(year) for year in range(2012, 2025))
FILE_NAME = "bench-{index:04d}.txt"

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý])")
_WORD = re.compile(r"[A-Za-zÀ-ÿ]{5,}")


@dataclass(frozen=True)
class Pools:
    """What the seed dump offers to recombine."""

    titles: tuple[str, ...]
    title_words: tuple[str, ...]
    sentences: tuple[str, ...]
    keywords: tuple[str, ...]
    publics: tuple[str, ...]
    initiators: tuple[str, ...]
    partner_types: tuple[str, ...]
    territories: tuple[str, ...]
    dimensions: tuple[str, ...]
    end_reasons: tuple[str, ...]

    @classmethod
    def from_seed(cls, path: Path = SEED_DUMP) -> Pools:
        sheets = parse_action_dump(path.read_text(encoding="utf-8-sig"), source=str(path)).sheets

        def distinct(values) -> tuple[str, ...]:
            return tuple(sorted({value for value in values if value}))

        texts = [text for sheet in sheets for text in _free_texts(sheet)]
        sentences = distinct(
            sentence.strip()
            for text in texts
            for line in text.splitlines()
            for sentence in _SENTENCE_END.split(line)
            if _usable_sentence(sentence)
        )
        return cls(
            titles=distinct(sheet.title for sheet in sheets),
            title_words=distinct(
                word.lower() for sheet in sheets for word in _WORD.findall(sheet.title)
            ),
            sentences=sentences,
            keywords=distinct(value for sheet in sheets for value in sheet.keywords),
            publics=distinct(value for sheet in sheets for value in sheet.publics),
            initiators=distinct(value for sheet in sheets for value in sheet.initiators),
            partner_types=distinct(value for sheet in sheets for value in sheet.partner_types),
            territories=distinct(sheet.territory for sheet in sheets),
            dimensions=distinct(sheet.dimension for sheet in sheets),
            end_reasons=distinct(sheet.end_reason for sheet in sheets),
        )


def _free_texts(sheet: ActionSheet) -> list[str]:
    return [
        sheet.summary, sheet.experience, sheet.general_description, sheet.financial_resources,
        sheet.people_mobilised, sheet.result_territory, sheet.result_centre,
        sheet.result_residents, sheet.limits, sheet.perspectives,
    ]  # fmt: skip


def _usable_sentence(sentence: str) -> bool:
    """A sentence that reads as text wherever it lands: no heading, no list marker."""
    sentence = sentence.strip()
    return len(sentence) >= 20 and not sentence.startswith(("-", "Actions ", '"'))


@dataclass(frozen=True)
class Centre:
    written_name: str  # as the dump's "Structure organisatrice" writes it


def make_centres(count: int, rng: random.Random) -> list[Centre]:
    """``count`` centres with distinct names, spread over several départements."""
    names: list[str] = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
    names += list(PLACES)
    rng.shuffle(names)
    centres, seen = [], set()
    index = 0
    while len(centres) < count:
        kind = CENTRE_KINDS[index % len(CENTRE_KINDS)]
        name = names[index % len(names)]
        round_ = index // len(names)
        if round_:
            name = f"{name} {round_ + 1}"
        written = f"{kind} {name}"
        if kind == "ESPACE":
            written = f"ESPACE {name} - CENTRE DE VIE SOCIALE"
        if written not in seen:
            seen.add(written)
            departement = DEPARTEMENTS[rng.randrange(len(DEPARTEMENTS))]
            centres.append(Centre(written_name=f"{written} - {departement}"))
        index += 1
    return centres


class SheetMaker:
    """Makes sheets for centres, each title distinct within its centre."""

    def __init__(self, pools: Pools, rng: random.Random, title_suffix: str = "") -> None:
        self.pools = pools
        self.rng = rng
        self.title_suffix = title_suffix
        self.titles_by_centre: dict[str, set[str]] = {}

    def text(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        sentences = self.rng.sample(self.pools.sentences, count)
        # Some answers run over several lines, as centres write them.
        lines, line = [], []
        for sentence in sentences:
            line.append(sentence)
            if self.rng.random() < 0.4:
                lines.append(" ".join(line))
                line = []
        if line:
            lines.append(" ".join(line))
        return "\n".join(lines)

    def pick(self, pool: tuple[str, ...], low: int, high: int) -> tuple[str, ...]:
        return tuple(self.rng.sample(pool, min(len(pool), self.rng.randint(low, high))))

    def title(self, centre: Centre) -> str:
        rng, pools = self.rng, self.pools
        pattern = rng.randrange(4)
        place = rng.choice(PLACES).title()
        if pattern == 0:
            title = rng.choice(pools.titles)
        elif pattern == 1:
            title = f"{rng.choice(pools.titles)} – {place}"
        elif pattern == 2:
            title = f"{rng.choice(TITLE_ACTIVITIES)} {rng.choice(pools.title_words)} {place}"
        else:
            words = " ".join(rng.sample(pools.title_words, 2))
            title = f"{rng.choice(TITLE_ACTIVITIES)} {words} {rng.choice(YEARS)}"
        title += self.title_suffix
        taken = self.titles_by_centre.setdefault(centre.written_name, set())
        unique, number = title, 2
        while unique.casefold() in taken:
            unique, number = f"{title} ({number})", number + 1
        taken.add(unique.casefold())
        return unique

    def sheet(self, centre: Centre) -> str:
        """One sheet in the dump's format, every heading present as the observatory writes it."""
        rng, pools = self.rng, self.pools
        finished = rng.random() < 0.3
        lines = [
            f'Actions "{self.title(centre)}"',
            "DESCRIPTION DE L'ACTION",
            "- Statut de l'action",
            "- Terminée" if finished else "- En cours",
        ]
        if finished:
            lines += [
                "- Raisons pour lesquelles l'action est terminée",
                rng.choice(pools.end_reasons),
            ]
        lines += ["- Dimension"]
        if rng.random() < 0.85:
            lines += [f"- {rng.choice(pools.dimensions)}"]
        lines += ["- Mots clés associés à l'action", "-"]
        lines += [f"- {value}" for value in self.pick(pools.keywords, 1, 4)]
        lines += ["- Résumé", self.text(1, 5)]
        lines += ["- Structure organisatrice", f"- {centre.written_name}"]
        lines += ["RAISON D'ETRE DE L' ACTION", "- Qui est à l'initiative de l'action ?", "-"]
        lines += [f"- {value}" for value in self.pick(pools.initiators, 1, 3)]
        if rng.random() < 0.2:
            lines += ["- Précision ( si autre )", self.text(1, 1)]
        lines += [
            "- Description de l'expérience, ses objectifs, ses acteurs et ses différentes phases.",
            self.text(2, 6),
            "- Territoire concerné",
            f"- {rng.choice(pools.territories)}",
            "METHODOLOGIE DE L' ACTION",
            "- Public",
        ]
        lines += [f"- {value}" for value in self.pick(pools.publics, 1, 3)]
        lines += ["- Avec qui cette action a-t-elle été menée ?", "-", "Partenaires d'action:"]
        lines += [f"- {value}" for value in self.pick(pools.partner_types, 1, 4)]
        lines += [
            "- Territoire concerné",
            f"- {rng.choice(pools.territories)}",
            "- Description générale",
            self.text(1, 6),
            "- Ressources financières mobilisées pour cette action",
            self.text(0, 2),
            "- Nombre de personnes mobilisés pour cette action",
            self.text(0, 2),
            "AUTO-EVALUATION DE L’ACTION",
            "- Résultat sur le territoire",
            self.text(0, 3),
            "- Résultat pour le centre social",
            self.text(0, 3),
            "- Résultat pour les habitants",
            self.text(0, 3),
            "- Suite de l'action : Limites",
            self.text(0, 2),
            "- Suite de l'action : Perspectives",
            self.text(0, 2),
            "FICHIERS ASSOCIES",
            "- Fichier(s) associé(s)",
        ]
        return "\n".join(line for line in lines if line) + "\n"


def file_sizes(actions: int, first: int, per_file: int) -> Iterator[int]:
    """How many sheets each file holds: a small first file, then full ones."""
    remaining = actions
    size = min(first, remaining)
    while remaining:
        yield size
        remaining -= size
        size = min(per_file, remaining)


def write_catalogue(
    directory: Path,
    *,
    actions: int,
    centres: int,
    seed: int = 2024,
    first_file: int = 100,
    per_file: int = 1000,
    title_suffix: str = "",
) -> list[Path]:
    """Writes ``actions`` sheets of ``centres`` centres as dump files; returns them in order.

    The first file holds ``first_file`` sheets, so that a bench can measure a small catalogue
    before importing the rest. ``title_suffix`` ends every title: the same seed then gives
    the same centres, with sheets they do not have yet.
    """
    rng = random.Random(seed)
    pools = Pools.from_seed()
    maker = SheetMaker(pools, rng, title_suffix)
    all_centres = make_centres(centres, rng)
    # Centres differ in how much they write: some share a handful of sheets, others dozens.
    weights = [rng.uniform(0.2, 1.8) for _ in all_centres]
    directory.mkdir(parents=True, exist_ok=True)
    paths, written = [], 0
    for index, size in enumerate(file_sizes(actions, first_file, per_file)):
        # Every centre appears at least once overall: the first sheets walk them in turn.
        owners = [
            all_centres[position]
            if position < len(all_centres)
            else rng.choices(all_centres, weights)[0]
            for position in range(written, written + size)
        ]
        written += size
        path = directory / FILE_NAME.format(index=index)
        with path.open("w", encoding="utf-8") as dump:
            dump.write(OBSERVATORY_HEADER + "\n")
            for centre in owners:
                dump.write(maker.sheet(centre))
        paths.append(path)
    return paths
