"""The budget a sheet states under "Ressources financières mobilisées", in euros.

The rules, in order (see ``tests/parsing/test_amounts.py`` for every seed sheet's text):

1. An amount is a number followed by a euro sign or word ("300€", "2 000 €", "1 500,00 €",
   "928 euros", "600e", "3 k€"); a bare number is not one (a year, a count of workshops),
   except right after "total". A factor of a product ("50 € x 6 = 300 €") is not counted.
2. A stated total wins ("TOTAL 3 050", "total : 1228 euros"): the first one.
3. Otherwise a yearly amount ("2500€ à l'année", "/an", "par an") wins, the others noted.
4. Otherwise the amounts for the action: one, or the same repeated ("300€" as expense and
   as resource), is the budget; several different ones are a breakdown, added up; when the
   text lists both expenses and resources without a total, halves of the same budget that
   cannot be told apart, the larger amount is kept.
5. Otherwise an amount per something ("50 €/atelier") is the budget per that thing.
6. Otherwise "aucun", "zéro", "néant" say there is none: 0 €.
7. Otherwise no figure: the text says what pays, not how much ("Masse salariale").
"""

from __future__ import annotations

import re

from parsing.numbers import (
    APPROXIMATE_WORDS,
    DECIMALS,
    NUMBER,
    Figure,
    grouped,
    normalised,
    number_value,
    whole,
)

# Beyond this, a "budget" is a typing error or a reference, not a sheet's budget.
MAX_EUROS = 100_000_000

_EURO = r"(?:\s*(?:k\s*€|k\s*euros?\b|€|euros?\b|eur\b)|(?<=\d)e(?![a-zà-ü0-9]))"
AMOUNT = re.compile(
    rf"(?P<number>{NUMBER}){DECIMALS}(?P<unit>{_EURO})"
    r"(?P<per>\s*(?:/|par|à l'|a l'|de l'|pour l'|par l')\s*(?P<per_word>[a-zà-ü]+))?"
)
TOTAL = re.compile(rf"\btotal\b[^\d\n]{{0,40}}?(?P<number>{NUMBER}){DECIMALS}")
FACTOR = re.compile(r"\s*[x×*]\s*\d")
ZERO_WORDS = re.compile(r"\b(?:aucun|aucune|zéro|zero|néant|neant)\b")
YEAR_WORDS = {"an", "ans", "année", "annee", "années", "annuel", "annuelle"}
_YEARLY_AFTER = re.compile(r"\s*(?:annuels?|annuelles?|par an\b|/ ?an\b|à l'année|a l'annee)")
EXPENSE_WORDS = re.compile(r"\b(?:dépenses?|depenses?|charges)\b")
RESOURCE_WORDS = re.compile(r"\b(?:recettes?|produits|financements?|ressources)\b")


def extract_budget(text: str) -> Figure | None:
    """The budget ``text`` states, or None (see the module's rules)."""
    text = normalised(text)
    approximate = bool(APPROXIMATE_WORDS.search(text))
    totals = [
        whole(number_value(match["number"], match["cents"])) for match in TOTAL.finditer(text)
    ]
    totals = [value for value in totals if value <= MAX_EUROS]
    if totals:
        note = "total indiqué"
        if len(set(totals)) > 1:
            note += f" ; autres totaux : {_listed(totals[1:])}"
        return Figure(totals[0], "€", approximate=approximate, note=note)
    yearly, whole_action, per_thing = [], [], []
    for match in AMOUNT.finditer(text):
        if FACTOR.match(text, match.end()):
            continue
        value = number_value(match["number"], match["cents"])
        if "k" in match["unit"]:
            value *= 1000
        amount = whole(value)
        if amount > MAX_EUROS:
            continue
        per_word = match["per_word"] or ""
        if per_word in YEAR_WORDS or _YEARLY_AFTER.match(text, match.end("unit")):
            yearly.append(amount)
        elif per_word and match["per"].strip().startswith(("/", "par")):
            per_thing.append((amount, per_word))
        else:
            whole_action.append(amount)
    if yearly:
        others = [value for value in whole_action if value != yearly[0]]
        note = f"autres montants cités : {_listed(others)}" if others else ""
        return Figure(yearly[0], "€", per="an", approximate=approximate, note=note)
    if whole_action:
        return _whole_action_budget(text, whole_action, approximate)
    if per_thing:
        amount, per_word = per_thing[0]
        return Figure(amount, "€", per=per_word, approximate=approximate)
    if ZERO_WORDS.search(text):
        return Figure(0, "€", note="aucun budget")
    return None


def _whole_action_budget(text: str, amounts: list[int], approximate: bool) -> Figure:
    distinct = list(dict.fromkeys(amounts))
    if len(distinct) == 1:
        return Figure(distinct[0], "€", approximate=approximate)
    if EXPENSE_WORDS.search(text) and RESOURCE_WORDS.search(text):
        return Figure(
            max(distinct), "€", approximate=approximate,
            note="dépenses et recettes sans total : le plus grand montant",
        )  # fmt: skip
    total = sum(amounts)
    if total > MAX_EUROS:
        return Figure(max(distinct), "€", approximate=approximate, note="le plus grand montant")
    return Figure(total, "€", approximate=approximate, note=f"somme de {_listed(amounts, '+')}")


def _listed(values: list[int], joint: str = ",") -> str:
    separator = f" {joint} " if joint == "+" else f"{joint} "
    return separator.join(f"{grouped(value)} €" for value in values)
