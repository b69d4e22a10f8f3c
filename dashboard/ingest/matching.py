"""Matching organisations named in a file to the registry: by code, else by name, district and
province, tolerating the spelling noise real files carry (กระจ่าย / กระจาย, ป่าตึง / ป่าติ้ว).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from dashboard.ingest.normalise import skeleton, strip_prefix

PROVINCE_PREFIXES = ["จังหวัด", "จ."]
DISTRICT_PREFIXES = ["อำเภอ", "อ.", "เขต", "กิ่งอำเภอ"]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


@dataclass(frozen=True)
class Match:
    org: Mapping[str, Any] | None
    exact: bool  # every part spelled as in the registry
    candidates: tuple[Mapping[str, Any], ...] = ()

    @property
    def ambiguous(self) -> bool:
        return self.org is None and len(self.candidates) > 1


class TypePrefixes:
    """Recognises an organisation type written before a name (อบต.กระจาย, เทศบาลตำบล...)."""

    def __init__(self, types: Iterable[Mapping[str, Any]]) -> None:
        self._aliases: list[tuple[str, str]] = []
        self._lookup: dict[str, str] = {}
        for t in types:
            spellings = {t["type_code"], t["name_th"], t["short_th"], t["name_en"], *t["aliases"]}
            for alias in spellings:
                if alias:
                    self._lookup[skeleton(alias)] = t["type_code"]
            if t["is_local"] and t["name_prefix"]:
                for alias in {t["name_th"], t["short_th"], t["name_prefix"], *t["aliases"]}:
                    if alias and not alias.isascii():
                        self._aliases.append((alias, t["type_code"]))
        self._aliases.sort(key=lambda pair: len(pair[0]), reverse=True)
        self._split: dict[str, tuple[str | None, str]] = {}  # a national file repeats names

    def type_of(self, text: str | None) -> str | None:
        """The type code a type name or alias stands for, or None."""
        return self._lookup.get(skeleton(text)) if text else None

    def split(self, name: str) -> tuple[str | None, str]:
        """(type code, bare name) of a name that may start with a type prefix.

        An abbreviation written without its dot (อบต, ทม) is a prefix only when a space
        follows it: real names begin with those letters (ทมอ, ทมนางาม).
        """
        if name not in self._split:
            self._split[name] = self._split_uncached(name)
        return self._split[name]

    def _split_uncached(self, name: str) -> tuple[str | None, str]:
        for alias, code in self._aliases:
            rest = name[len(alias) :]
            if not name.startswith(alias) or not rest.strip():
                continue
            if len(alias) <= 3 and not alias.endswith(".") and not rest.startswith(" "):
                continue
            return code, rest.strip()
        return None, name


class OrgIndex:
    """The registry in memory, indexed for matching."""

    def __init__(self, orgs: Iterable[Mapping[str, Any]], prefixes: TypePrefixes) -> None:
        self.prefixes = prefixes
        self.by_code: dict[str, Mapping[str, Any]] = {}
        self.by_province: dict[str, list[Mapping[str, Any]]] = {}
        self.province_names: dict[str, str] = {}  # skeleton -> province code
        for org in orgs:
            self.add(org)

    def add(self, org: Mapping[str, Any]) -> None:
        self.by_code[org["org_code"]] = org
        self.by_province.setdefault(org["province_code"], []).append(org)
        self.province_names[skeleton(org["province_th"])] = org["province_code"]

    def province_code(self, name: str | None) -> str | None:
        if not name:
            return None
        key = skeleton(strip_prefix(name, PROVINCE_PREFIXES))
        if key in self.province_names:
            return self.province_names[key]
        best = max(self.province_names, key=lambda k: _ratio(k, key), default=None)
        if best is not None and _ratio(best, key) >= 0.8:
            return self.province_names[best]
        return None

    def match(
        self,
        name: str,
        *,
        province: str | None,
        district: str | None,
        type_code: str | None = None,
    ) -> Match:
        """Find one organisation by name within its province (and district, and type)."""
        named_type, bare = self.prefixes.split(name)
        type_code = type_code or named_type
        code = self.province_code(province)
        pool = self.by_province.get(code, []) if code else list(self.by_code.values())
        if type_code:
            pool = [o for o in pool if o["type_code"] == type_code]
        wanted = skeleton(bare)
        district_key = skeleton(strip_prefix(district, DISTRICT_PREFIXES)) if district else None

        def district_fit(org: Mapping[str, Any]) -> float:
            if district_key is None:
                return 1.0
            return _ratio(skeleton(org["district_th"]), district_key)

        same = [o for o in pool if skeleton(o["name_th"]) == wanted]
        if len(same) > 1 and district_key is not None:
            best = max(district_fit(o) for o in same)
            same = [o for o in same if district_fit(o) == best and best >= 0.5]
        if not same:
            scored = sorted(
                ((_ratio(skeleton(o["name_th"]), wanted), o) for o in pool), key=lambda p: -p[0]
            )
            same = [o for r, o in scored if r >= 0.85 and district_fit(o) >= 0.5][:1]
            if len(scored) > 1 and same and scored[1][0] == scored[0][0]:
                same = [o for r, o in scored if r == scored[0][0]]
        if len(same) == 1 and district_fit(same[0]) >= 0.5:
            org = same[0]
            exact = (
                bare == org["name_th"]
                and (
                    district is None
                    or strip_prefix(district, DISTRICT_PREFIXES) == org["district_th"]
                )
                and (
                    province is None
                    or strip_prefix(province, PROVINCE_PREFIXES) == org["province_th"]
                )
            )
            return Match(org, exact, (org,))
        return Match(None, False, tuple(same))
