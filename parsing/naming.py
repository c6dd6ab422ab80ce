"""Pure helpers that read a structure's name as the sheets write it (no Django import).

"CENTRE SOCIAL ALBERT SCHWEITZER - Yvelines" holds three things: the name as the centre
writes it, its kind (centre social, EVS, maison de quartier…) and its département.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from parsing.caching import short_string_cache

DEPARTEMENTS = {
    "01": "Ain", "02": "Aisne", "03": "Allier", "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes", "06": "Alpes-Maritimes", "07": "Ardèche", "08": "Ardennes",
    "09": "Ariège", "10": "Aube", "11": "Aude", "12": "Aveyron", "13": "Bouches-du-Rhône",
    "14": "Calvados", "15": "Cantal", "16": "Charente", "17": "Charente-Maritime", "18": "Cher",
    "19": "Corrèze", "2A": "Corse-du-Sud", "2B": "Haute-Corse", "21": "Côte-d'Or",
    "22": "Côtes-d'Armor", "23": "Creuse", "24": "Dordogne", "25": "Doubs", "26": "Drôme",
    "27": "Eure", "28": "Eure-et-Loir", "29": "Finistère", "30": "Gard", "31": "Haute-Garonne",
    "32": "Gers", "33": "Gironde", "34": "Hérault", "35": "Ille-et-Vilaine", "36": "Indre",
    "37": "Indre-et-Loire", "38": "Isère", "39": "Jura", "40": "Landes", "41": "Loir-et-Cher",
    "42": "Loire", "43": "Haute-Loire", "44": "Loire-Atlantique", "45": "Loiret", "46": "Lot",
    "47": "Lot-et-Garonne", "48": "Lozère", "49": "Maine-et-Loire", "50": "Manche",
    "51": "Marne", "52": "Haute-Marne", "53": "Mayenne", "54": "Meurthe-et-Moselle",
    "55": "Meuse", "56": "Morbihan", "57": "Moselle", "58": "Nièvre", "59": "Nord", "60": "Oise",
    "61": "Orne", "62": "Pas-de-Calais", "63": "Puy-de-Dôme", "64": "Pyrénées-Atlantiques",
    "65": "Hautes-Pyrénées", "66": "Pyrénées-Orientales", "67": "Bas-Rhin", "68": "Haut-Rhin",
    "69": "Rhône", "70": "Haute-Saône", "71": "Saône-et-Loire", "72": "Sarthe", "73": "Savoie",
    "74": "Haute-Savoie", "75": "Paris", "76": "Seine-Maritime", "77": "Seine-et-Marne",
    "78": "Yvelines", "79": "Deux-Sèvres", "80": "Somme", "81": "Tarn", "82": "Tarn-et-Garonne",
    "83": "Var", "84": "Vaucluse", "85": "Vendée", "86": "Vienne", "87": "Haute-Vienne",
    "88": "Vosges", "89": "Yonne", "90": "Territoire de Belfort", "91": "Essonne",
    "92": "Hauts-de-Seine", "93": "Seine-Saint-Denis", "94": "Val-de-Marne", "95": "Val-d'Oise",
    "971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
    "976": "Mayotte",
}  # fmt: skip


_KEY_PART = re.compile(r"[a-z0-9]+")


def match_key(text: str) -> str:
    """A spelling-proof key: case, accents, punctuation and spacing do not count."""
    return " ".join(key for word in text.split() if (key := _word_key(word)))


# An import keys every word of every sheet (its search words, its fingerprint), and a
# catalogue is written with a few tens of thousands of words: each is keyed once. Words are
# short; a longer string (a run of digits, a query's garbage) is keyed each time, so that
# the cache stays under 30 MB (65,536 words of 40 characters at most).
@short_string_cache(maxsize=65536, max_length=40)
def _word_key(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_KEY_PART.findall(bare))


_DEPARTEMENTS_BY_KEY = {match_key(name): name for name in DEPARTEMENTS.values()}


def departement_code(name: str) -> str:
    key = match_key(name)
    for code, departement in DEPARTEMENTS.items():
        if match_key(departement) == key:
            return code
    return ""


@dataclass(frozen=True)
class StructureName:
    name: str  # as written, without the département suffix
    departement: str  # canonical spelling, or "" when the sheet gives none
    kind: str  # one of centres.enums.CentreKind's values
    display_name: str


# The kinds, each with the phrases that name it, in the spelling a display name uses.
_KIND_PHRASES = (
    ("evs", ("EVS", "Espace de vie sociale")),
    ("maison_quartier", ("Maison de quartier", "MQ")),
    ("centre_social", ("Centre social", "Centre de vie sociale", "Centre socioculturel")),
)
_SMALL_WORDS = {"de", "des", "du", "la", "le", "les", "et", "d", "l", "a", "au", "aux", "en"}
_ACRONYMS = {"evs", "mq", "cs", "cvs", "agasec"}


def infer_kind(name: str) -> str:
    """The kind a name says, its leading phrase first: "ESPACE X - CENTRE DE VIE SOCIALE" is
    a centre social, so is "Association … - AGASEC Centre Social"."""
    padded = f" {match_key(name)} "
    for anywhere in (False, True):
        for kind, phrases in _KIND_PHRASES:
            for phrase in phrases:
                key = f" {match_key(phrase)} "
                if padded.startswith(key) or (anywhere and key in padded):
                    return kind
    return "association" if padded.startswith(" association ") else "autre"


def display_name(name: str) -> str:
    """A readable name: "CENTRE SOCIAL LES RÉSÉDAS" becomes "Centre social Les Résédas".

    Names already written in mixed case are the centre's own spelling and are kept.
    """
    if name != name.upper():
        return name
    text = " ".join(_title_word(word, index) for index, word in enumerate(name.lower().split()))
    for _kind, phrases in _KIND_PHRASES:
        for phrase in phrases:
            if match_key(text).startswith(match_key(phrase) + " "):
                rest = text[len(phrase) :].lstrip()
                if rest.split(" ", 1)[0] in {"le", "la", "les"}:  # "Les Garennes" is a name
                    rest = rest[:1].upper() + rest[1:]
                return f"{phrase} {rest}"
    return text


def _title_word(word: str, index: int) -> str:
    if match_key(word) in _ACRONYMS:
        return word.upper()
    if index > 0 and word in _SMALL_WORDS:
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def read_structure_name(as_written: str) -> StructureName:
    """Split "ESPACE ANDRE JOLY - CENTRE DE VIE SOCIALE - Yvelines" into its parts."""
    name = " ".join(as_written.split())
    departement = ""
    head, separator, tail = name.rpartition(" - ")
    if separator and match_key(tail) in _DEPARTEMENTS_BY_KEY:
        name, departement = head.strip(), _DEPARTEMENTS_BY_KEY[match_key(tail)]
    return StructureName(
        name=name,
        departement=departement,
        kind=infer_kind(name),
        display_name=display_name(name),
    )
