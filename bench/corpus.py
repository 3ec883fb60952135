"""A deterministic generator of synthetic Arabic news articles about the CSTO, for benchmarks.

The bundled corpus has 17 articles; measuring the build, the store, the server and the dumps at
scale needs thousands.  This script writes N article files that look like the real ones to the
reader and the extractor, so that a benchmark exercises the same code paths a real corpus would:

    python bench/corpus.py N --seed S --out DIR

writes DIR/000001_<slug>.txt … DIR/<N>_<slug>.txt.  Each file has YAML front matter (url,
published, title, source) like corpus/001_csto-summit-dushanbe-2021.txt, the title line, an optional
date line or dateline ("موسكو - "), a body of about 150-450 words in paragraphs, and sometimes a
footer ("المصدر: …", "الصورة: …").

How the text is made
--------------------
* Names are data, not code: states, cities, organisations, bodies and known people (with their
  spelling variants, skos:altLabel, and nisba adjectives, csto:demonym) come from
  ontology/reference.ttl; month and weekday names from mappings/calendar.yaml.  Posts of known
  people (لافروف is Russia's foreign minister from 2004) are a small table below, by period, so
  an article of 2010 names the officials of 2010.  A post with no known holder in a year gets an
  invented holder, the same one in every article of that term.
* Invented people have Russian, Central Asian or Armenian names composed from first and last name
  lists, in the transliterations Arabic outlets use.  The lists are checked against the gazetteer
  once (no word of an invented name is a known name or a nisba; no invented full name is one
  edit from a known one; no word starts with أل/إل, which the extractor reads as the article and
  so never takes for a new name) and thinned so that two invented names never pass the
  extractor's "same person" test (csto_kg.resolve.same_name).  They are deputies, spokespeople,
  chiefs of staff, ambassadors, generals and experts: the long tail of the news.
* The pool of invented people grows slowly: article k may name the first 40 + 8·√k of them, chosen
  with Zipf-like weights (early ones often, late ones rarely); states, variant spellings and
  outlets are Zipf-like too.  So a few entities are in most articles and the tail keeps growing.
* Sentences come from templates by kind (summit, ministerial council, security-council
  secretaries, talks and visits, secretary general, history of the treaty, membership crises,
  unrest and assistance requests, exercises, context and filler): more than a hundred, written after
  the real articles and the cue phrases in mappings/lexicon.yaml, so that posts, memberships,
  chairmanships, events and signings are really extracted.  The facts follow one timeline: the
  members of each year, the rotating chair (Russian alphabetical order, as in reality), one summit
  per year in the chair's capital on one date, the secretaries general and their terms.
* The surface varies as in real news: date forms ("16 أيار/مايو 2022", "16 مايو 2022", "16/5/2022",
  "الاثنين الماضي", "في 23 آب/أغسطس الماضي", "عام 1992", "في أكتوبر 2002", "الفاتح جانفي 2023"),
  month names by outlet (Levantine, Gulf, Maghrebi), clitics on names (وروسيا, لقرغيزستان, بموسكو),
  alias spellings (طاجكستان, قيرغيزستان), Eastern Arabic digits (١٦) in a fifth of the articles,
  and now and then a tatweel or a vowel sign inside a word.

Determinism and scaling
-----------------------
The same N and seed give byte-identical files.  Every random choice comes from a random.Random
seeded with a string (seeded through SHA-512, so PYTHONHASHSEED plays no part) naming what it is
for: article k uses Random("seed|article|k"), the events of a year Random("seed|year|y").  Article
k depends only on the seed and k, never on N: the pool of invented people is a fixed sequence of
which article k sees a prefix, so the first 1,000 files of a 10,000-article corpus are the
1,000-article corpus.  Publication dates run from 1995 to late 2026 with more articles in recent
years.  Files are written as they are made (nothing is kept in memory): 100,000 articles need
about 50 MB, and 10,000 take a few seconds.  Files already in DIR are overwritten, never deleted.

What a benchmark gets
---------------------
About 270 words per article and, after `csto-kg build`, about 840 triples per article graph (500
to 1,300): most of them are the evidence of its ~40 mentions (each a Mention, a TextQuoteSelector
and a TextPositionSelector with their values), as with the bundled articles.  The extractor finds
about 14 facts per article: ~5 posts, ~4.5 memberships, a signing, a summit or a meeting, a
chairmanship.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from csto_kg.arabic import normalize_word
from csto_kg.extract.gazetteer import Gazetteer
from csto_kg.extract.text import ArticleText

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "ontology" / "reference.ttl"
CALENDAR = ROOT / "mappings" / "calendar.yaml"
ID_BASE = "https://w3id.org/csto-kg/id/"
CSTO = "https://w3id.org/csto-kg/ontology#"

FIRST_YEAR, LAST_DATE = 1995, dt.date(2026, 11, 30)
MIN_WORDS, MAX_WORDS = 150, 450
POOL_BASE, POOL_GROWTH = 40, 8.0  # invented people visible to article k: 40 + 8·sqrt(k)

# -- the timeline ---------------------------------------------------------------------------------

CORE = ("armenia", "belarus", "kazakhstan", "kyrgyzstan", "russia", "tajikistan")  # Russian alphabetical order
POST_SOVIET = frozenset(CORE) | {"uzbekistan", "azerbaijan", "georgia", "ukraine", "moldova", "turkmenistan"}
FOUNDERS = ("armenia", "kazakhstan", "kyrgyzstan", "russia", "tajikistan", "uzbekistan")  # Tashkent, 1992
CAPITALS = {
    "russia": "moscow", "belarus": "minsk", "kazakhstan": "astana", "kyrgyzstan": "bishkek",
    "tajikistan": "dushanbe", "armenia": "yerevan", "uzbekistan": "tashkent", "azerbaijan": "baku",
    "georgia": "tbilisi", "afghanistan": "kabul", "moldova": "chisinau", "ukraine": "kyiv",
    "china": "beijing", "iran": "tehran", "turkey": "ankara", "usa": "washington", "mongolia": "ulaanbaatar",
    "serbia": "belgrade", "turkmenistan": "ashgabat",
}  # fmt: skip
# States by how often CSTO news names them; the rest of reference.ttl's states follow, by id.
STATE_SALIENCE = ("russia", "kazakhstan", "armenia", "belarus", "kyrgyzstan", "tajikistan", "uzbekistan",
                  "azerbaijan", "afghanistan", "usa", "china", "ukraine", "georgia", "iran", "turkey",
                  "turkmenistan", "moldova", "mongolia", "serbia")  # fmt: skip

D = dt.date
# Summits whose date and city are on record; other years get a date in the autumn in the chair's capital.
SUMMIT_PINS = {
    2002: (D(2002, 5, 14), "moscow"), 2003: (D(2003, 4, 28), "dushanbe"), 2016: (D(2016, 10, 14), "yerevan"),
    2019: (D(2019, 11, 28), "bishkek"), 2021: (D(2021, 9, 16), "dushanbe"), 2022: (D(2022, 11, 23), "yerevan"),
    2023: (D(2023, 11, 23), "minsk"), 2024: (D(2024, 11, 28), "astana"), 2025: (D(2025, 11, 27), "bishkek"),
}  # fmt: skip
# Secretaries general: person, nationality, first day, last day (none between Nov 2018 and 2019).
SECRETARIES = (
    ("nikolai-bordyuzha", "russia", D(2003, 4, 28), D(2016, 12, 31)),
    ("yuri-khachaturov", "armenia", D(2017, 1, 1), D(2018, 11, 2)),
    ("stanislav-zas", "belarus", D(2020, 1, 1), D(2022, 12, 31)),
    ("imangali-tasmagambetov", "kazakhstan", D(2023, 1, 1), D(2025, 12, 31)),
    ("taalatbek-masadykov", "kyrgyzstan", D(2026, 1, 1), D(2030, 12, 31)),
)
# Known people's posts by period (years inclusive); "where" is a state or an organisation.
KNOWN_POSTS = (
    ("boris-yeltsin", "president", "russia", 1991, 1999), ("vladimir-putin", "president", "russia", 2000, 2007),
    ("dmitry-medvedev", "president", "russia", 2008, 2011), ("vladimir-putin", "president", "russia", 2012, 2030),
    ("vladimir-putin", "pm", "russia", 2008, 2011), ("dmitry-medvedev", "pm", "russia", 2012, 2019),
    ("mikhail-mishustin", "pm", "russia", 2020, 2030), ("sergey-lavrov", "fm", "russia", 2004, 2030),
    ("sergei-shoigu", "dm", "russia", 2012, 2023), ("andrei-belousov", "dm", "russia", 2024, 2030),
    ("maria-zakharova", "spokes_mfa", "russia", 2015, 2030), ("dmitry-peskov", "spokes_kremlin", "russia", 2012, 2030),
    ("valery-gerasimov", "cgs", "russia", 2012, 2030), ("sergei-ryabkov", "deputy_fm", "russia", 2008, 2030),
    ("mikhail-galuzin", "deputy_fm", "russia", 2019, 2030),
    ("alexander-lukashenko", "president", "belarus", 1994, 2030), ("vladimir-makei", "fm", "belarus", 2012, 2022),
    ("sergei-aleinik", "fm", "belarus", 2023, 2023), ("maxim-ryzhenkov", "fm", "belarus", 2024, 2030),
    ("andrei-ravkov", "dm", "belarus", 2014, 2019), ("viktor-khrenin", "dm", "belarus", 2020, 2030),
    ("roman-golovchenko", "pm", "belarus", 2020, 2024), ("alexander-turchin", "pm", "belarus", 2025, 2030),
    ("nursultan-nazarbayev", "president", "kazakhstan", 1991, 2018),
    ("kassym-jomart-tokayev", "president", "kazakhstan", 2019, 2030),
    ("mukhtar-tileuberdi", "fm", "kazakhstan", 2019, 2022), ("murat-nurtleu", "fm", "kazakhstan", 2023, 2024),
    ("nurlan-yermekbayev", "dm", "kazakhstan", 2018, 2021), ("ruslan-zhaksylykov", "dm", "kazakhstan", 2022, 2024),
    ("imangali-tasmagambetov", "pm", "kazakhstan", 2002, 2002), ("askar-mamin", "pm", "kazakhstan", 2019, 2021),
    ("alikhan-smailov", "pm", "kazakhstan", 2022, 2023), ("olzhas-bektenov", "pm", "kazakhstan", 2024, 2030),
    ("almazbek-atambayev", "president", "kyrgyzstan", 2011, 2017),
    ("sooronbay-jeenbekov", "president", "kyrgyzstan", 2018, 2020), ("sadyr-japarov", "president", "kyrgyzstan", 2021, 2030),
    ("ruslan-kazakbaev", "fm", "kyrgyzstan", 2020, 2020), ("jeenbek-kulubaev", "fm", "kyrgyzstan", 2021, 2030),
    ("emomali-rahmon", "president", "tajikistan", 1994, 2030), ("sirojiddin-aslov", "fm", "tajikistan", 2010, 2012),
    ("sirojiddin-muhriddin", "fm", "tajikistan", 2013, 2030), ("sherali-mirzo", "dm", "tajikistan", 2005, 2030),
    ("robert-kocharyan", "president", "armenia", 1998, 2007), ("serzh-sargsyan", "president", "armenia", 2008, 2017),
    ("armen-sarkissian", "president", "armenia", 2018, 2021), ("vahagn-khachaturyan", "president", "armenia", 2022, 2030),
    ("nikol-pashinyan", "pm", "armenia", 2018, 2030), ("edward-nalbandian", "fm", "armenia", 2008, 2017),
    ("zohrab-mnatsakanyan", "fm", "armenia", 2018, 2020), ("ararat-mirzoyan", "fm", "armenia", 2021, 2030),
    ("davit-tonoyan", "dm", "armenia", 2018, 2020), ("suren-papikyan", "dm", "armenia", 2021, 2030),
    ("islam-karimov", "president", "uzbekistan", 1991, 2016), ("shavkat-mirziyoyev", "president", "uzbekistan", 2017, 2030),
    ("abdulaziz-kamilov", "fm", "uzbekistan", 2012, 2021), ("bakhtiyor-saidov", "fm", "uzbekistan", 2022, 2030),
    ("abdulla-aripov", "pm", "uzbekistan", 2017, 2030),
    ("ilham-aliyev", "president", "azerbaijan", 2003, 2030), ("jeyhun-bayramov", "fm", "azerbaijan", 2020, 2030),
    ("xi-jinping", "president", "china", 2013, 2030), ("wang-yi", "fm", "china", 2013, 2030),
    ("barack-obama", "president", "usa", 2009, 2016), ("donald-trump", "president", "usa", 2017, 2020),
    ("joe-biden", "president", "usa", 2021, 2024), ("donald-trump", "president", "usa", 2025, 2030),
    ("antony-blinken", "fm", "usa", 2021, 2024), ("marco-rubio", "fm", "usa", 2025, 2030),
    ("recep-tayyip-erdogan", "president", "turkey", 2014, 2030), ("hakan-fidan", "fm", "turkey", 2023, 2030),
    ("hossein-amir-abdollahian", "fm", "iran", 2021, 2023), ("abbas-araghchi", "fm", "iran", 2024, 2030),
    ("masoud-pezeshkian", "president", "iran", 2024, 2030),
    ("petro-poroshenko", "president", "ukraine", 2014, 2018), ("volodymyr-zelensky", "president", "ukraine", 2019, 2030),
    ("dmytro-kuleba", "fm", "ukraine", 2020, 2023), ("igor-dodon", "president", "moldova", 2016, 2019),
    ("maia-sandu", "president", "moldova", 2020, 2030), ("aleksandar-vucic", "president", "serbia", 2017, 2030),
    ("gurbanguly-berdimuhamedow", "president", "turkmenistan", 2007, 2021),
    ("serdar-berdimuhamedow", "president", "turkmenistan", 2022, 2030),
    ("jens-stoltenberg", "sg_other", "organization/nato", 2014, 2024), ("mark-rutte", "sg_other", "organization/nato", 2025, 2030),
    ("antonio-guterres", "sg_other", "organization/united-nations", 2017, 2030),
    ("valery-semerikov", "deputy_sg", "organization/csto", 2012, 2021), ("anatoly-sidorov", "js_chief", "organization/csto", 2017, 2030),
)  # fmt: skip
FEMALE_KNOWN = frozenset({"maria-zakharova", "maia-sandu", "valentina-matviyenko", "kaja-kallas", "angela-merkel"})

# -- invented names ------------------------------------------------------------------------------

FIRST_NAMES = {
    ("ru", False): "أليكسي أندريه بافل بوريس فاديم فاسيلي فيكتور فلاديسلاف غينادي غريغوري دينيس يفغيني إيغور إيليا "
                   "كونستانتين ليونيد ميخائيل نيكيتا أوليغ بيوتر رومان ستيبان تيموفي يوري ياروسلاف أركادي فيودور "
                   "كيريل أرتيوم ماتفي فياتشيسلاف إدوارد زاخار غليب أنطون سيميون",
    ("ru", True): "يلينا أولغا ناتاليا إيرينا سفيتلانا تاتيانا ليودميلا كسينيا داريا فيرا",
    ("ca", False): "نورلان يرلان قيرات بولات دانيار عادل ميرلان أولان تالانت عزامات نوربيك رستم جمشيد فرهود رحمت "
                   "سهراب أكمل أولوغبيك فيروز بختيور أسيلبيك كوبات دوستان عثمان شرف بهروز",
    ("ca", True): "غولنارا أيغول دينارا زارينا مليكة أيدا غولشان",
    ("am", False): "أرسين غاغيك هاكوب تيغران فاردان كارين ليفون أرتور سامفيل روبين أرشاك ساركيس هرانت",
    ("am", True): "ليليت أنوش ماريام ناريه",
}  # fmt: skip
LAST_NAMES = {
    "ru": "بتروف إيفانوف كوزنيتسوف سميرنوف بوبوف فاسيليف سوكولوف ميخائيلوف نوفيكوف فيدوروف موروزوف فولكوف "
          "ليبيديف سيميونوف إيغوروف بافلوف كوزلوف ستيبانوف أورلوف ماكاروف زايتسيف سولوفيوف بوريسوف ياكوفليف "
          "رومانوف فوروبيوف تيتوف كوفاليف بيلوف تاراسوف جوكوف كيسيليوف فرولوف غوسيف بانوف بولياكوف شيرباكوف "
          "كريلوف تشيرنوف دينيسوف بوندارينكو كوفالينكو شيفتشينكو ليتفينينكو سافتشينكو ماركين دولغوف بيستروف "
          "غوربونوف كالينين شوكين نيكيتين",
    "ca": "نازاروف عثمانوف يوسوبوف سلطانوف إسماعيلوف أحمدوف تورسونوف قاسيموف مامادالييف أرتيكوف نورماتوف "
          "صابروف جوماييف ساتيبالدييف بيكبولاتوف أوسمونالييف جاكيبوف أبدرخمانوف كاديرباييف تاشييف شامشييف "
          "رحيموف مرادوف صافاروف خولوف زاكيروف أومورباييف إبرايموف دوسماغامبيتوف جانيبيكوف",
    "am": "هاروتيونيان أفاكيان بوغوسيان ساهاكيان مارتيروسيان أوهانيان سيمونيان هوفهانيسيان بيتروسيان دافتيان "
          "أغاجانيان ستيبانيان غاسباريان زاكاريان مانوكيان",
}  # fmt: skip
PATRONYMICS = ["فيكتوروفيتش", "أناتوليفيتش", "ألكسندروفيتش", "نيكولايفيتش", "يفغينيفيتش", "ميخائيلوفيتش", "بتروفيتش"]
GROUP_STATES = {"ru": ("russia", "russia", "russia", "belarus", "belarus"),
                "ca": ("kazakhstan", "kyrgyzstan", "tajikistan", "uzbekistan", "kazakhstan"),
                "am": ("armenia",)}  # fmt: skip
# The long tail's roles, with weights.
POOL_ROLES = (("deputy_fm", 20), ("spokes_mfa", 14), ("spokes_mod", 8), ("cgs", 6), ("deputy_sg", 3),
              ("ambassador", 16), ("general", 13), ("expert", 20))  # fmt: skip

# -- month names by outlet ----------------------------------------------------------------------

LEVANT = {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
          "تشرين الثاني", "كانون الأول"}  # fmt: skip
MAGHREB = {"جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}
MOROCCO = {"يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"}
# Outlets (front matter `source`), their month style, weight, and footer lines they use.
OUTLETS = (
    ("روسيا اليوم", "lg", 14, "RT + وكالات"), ("سبوتنيك", "lg", 10, "سبوتنيك"), ("الخليج", "gl", 8, "وكالات"),
    ("الشروق", "maghreb", 5, "وكالات"), ("وكالة الأنباء الجزائرية", "maghreb", 3, "وأج"),
    ("الميادين نت", "levant", 6, "الميادين نت"), ("بوابة الأهرام", "gulf", 5, "أ ش أ"),
    ("اليوم السابع", "gulf", 5, "وكالات"), ("هسبريس", "morocco", 3, "وكالات"), ("الشرق الأوسط", "gl", 5, "وكالات"),
    ("العربي الجديد", "gl", 4, "وكالات"), ("النهار", "levant", 3, "وكالات"), ("الجزيرة نت", "gl", 6, "الجزيرة + وكالات"),
    ("تاس", "lg", 4, "تاس"), ("مجموعة الرؤية الاستراتيجية \"روسيا - العالم الإسلامي\"", "gl", 3, "تاس"),
)  # fmt: skip

EASTERN = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NUMBER_WORDS = {2: "دولتين", 3: "ثلاث دول", 4: "أربع دول", 5: "خمس دول", 6: "ست دول", 7: "سبع دول", 8: "ثماني دول", 9: "تسع دول"}
NON_JOINING = set("اأإآدذرزوؤةءى")  # letters that never join the next one: no tatweel after them


# == reference data ================================================================================


@dataclass(frozen=True)
class Entry:
    """A reference individual as the generator needs it: its names as written (with hamzas)."""

    id: str  # local id, e.g. "state/russia"
    kind: str
    label: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    within: str | None

    @property
    def key(self) -> str:
        return self.id.split("/", 1)[1]

    def nisba(self, feminine: bool) -> tuple[str, ...]:
        forms = tuple(d for d in self.demonyms if d.endswith("ة") == feminine)
        return forms or self.demonyms


class Reference:
    """ontology/reference.ttl read once: states, cities, organisations, people, by local id."""

    def __init__(self, path: Path = REFERENCE) -> None:
        self.graph = Graph().parse(path, format="turtle")
        self.entries: dict[str, Entry] = {}
        contained = URIRef("https://schema.org/containedInPlace")
        for subject in sorted(set(self.graph.subjects(RDF.type, None)), key=str):
            if not isinstance(subject, URIRef) or not str(subject).startswith(ID_BASE):
                continue
            kinds = sorted(str(t)[len(CSTO):] for t in self.graph.objects(subject, RDF.type) if str(t).startswith(CSTO))
            if not kinds:
                continue
            label = self._arabic(subject, (RDFS.label,))
            if not label:
                continue
            aliases = tuple(a for a in self._arabic(subject, (SKOS.altLabel,)) if a != label[0])
            demonyms = tuple(self._arabic(subject, (URIRef(CSTO + "demonym"),)))
            within = next((str(o)[len(ID_BASE):] for o in self.graph.objects(subject, contained)), None)
            local = str(subject)[len(ID_BASE):]
            self.entries[local] = Entry(local, kinds[0], label[0], aliases, demonyms, within)

    def _arabic(self, subject: URIRef, predicates: Sequence[URIRef]) -> list[str]:
        values = [str(o) for p in predicates for o in self.graph.objects(subject, p)
                  if isinstance(o, Literal) and (o.language or "").startswith("ar")]  # fmt: skip
        return sorted(set(values), key=lambda v: (values.index(v), v))

    def get(self, local_id: str) -> Entry:
        return self.entries[local_id]

    def has(self, local_id: str) -> bool:
        return local_id in self.entries

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def cities_of(self, state: str) -> list[Entry]:
        return sorted((e for e in self.of_kind("City") if e.within == f"state/{state}"), key=lambda e: e.id)


# == small helpers ================================================================================


def rng_for(*parts: object) -> random.Random:
    """A generator seeded by a string naming its purpose (SHA-512 seeding: no hash randomisation)."""
    return random.Random("|".join(str(p) for p in parts))


def zipf_pick(rng: random.Random, items: Sequence[str], exponent: float = 1.1) -> str:
    weights = _zipf_weights(len(items), exponent)
    return items[bisect_right(weights, rng.random() * weights[-1])]


@lru_cache(maxsize=64)
def _zipf_weights(n: int, exponent: float) -> tuple[float, ...]:
    total, out = 0.0, []
    for rank in range(n):
        total += 1.0 / (rank + 1) ** exponent
        out.append(total)
    return tuple(out)


def joined(items: Sequence[str]) -> str:
    """"أ وب وج": Arabic coordination, the conjunction glued to each following item."""
    return " ".join([items[0]] + ["و" + item for item in items[1:]])


def with_clitic(clitic: str, word: str) -> str:
    """"ل" + "الاتحاد" is written "للاتحاد"."""
    if clitic.endswith("ل") and word.startswith("ال"):
        return clitic + word[1:]
    return clitic + word


# == invented people ==============================================================================


@dataclass(frozen=True)
class Person:
    key: str  # "person/sergey-lavrov" for known people, "new/<name>" for invented ones
    names: tuple[str, ...]  # the usual spelling first
    female: bool
    role: str
    where: str  # "state/x" or "organization/x"
    nationality: str | None = None  # a state key, for posts in organisations

    @property
    def known(self) -> bool:
        return not self.key.startswith("new/")

    @property
    def surname(self) -> str:
        last = self.names[0].split()[-1]
        return last if len(last) >= 4 and len(self.names[0].split()) <= 3 else self.names[0]


class NamePool:
    """Invented names: checked against the gazetteer, kept pairwise distinct, enumerated in a fixed
    pseudo-random order (an affine permutation of all first × last combinations)."""

    def __init__(self, seed: int, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        first = {key: self._usable(words.split()) for key, words in FIRST_NAMES.items()}
        last = {group: self._usable(words.split()) for group, words in LAST_NAMES.items()}
        # Thin each group's first names (men and women together) and last names so no two are
        # within the edit distance resolve.same_name forgives.
        self.first: dict[tuple[str, bool], list[str]] = {}
        for group in ("ru", "ca", "am"):
            kept = _distinct(first[(group, False)] + first[(group, True)])
            self.first[(group, False)] = [w for w in first[(group, False)] if w in kept]
            self.first[(group, True)] = [w for w in first[(group, True)] if w in kept]
        self.last = {group: _distinct(words) for group, words in last.items()}
        self.patronymics = self._usable(PATRONYMICS)
        self.blocks: list[tuple[str, bool, int]] = []  # (group, female, size)
        for group in ("ru", "ca", "am"):
            for female in (False, True):
                self.blocks.append((group, female, len(self.first[(group, female)]) * len(self.last[group])))
        self.size = sum(size for _, _, size in self.blocks)
        rng = rng_for(seed, "names")
        self.step = next(a for a in range(int(self.size * 0.6180339887), 10 * self.size) if math.gcd(a, self.size) == 1)
        self.offset = rng.randrange(self.size)
        self.people: list[Person] = []
        self._cursor = 0
        self._cumulative: list[float] = []

    def _usable(self, words: list[str]) -> list[str]:
        """Words that name nobody known, are no nisba and no common word the extractor stops at."""
        kept = []
        for word in words:
            if normalize_word(word).startswith("ال"):  # read as the article: the extractor ends a new name there
                continue
            if self.gazetteer.find_names(ArticleText(word), set()):
                continue
            if self.gazetteer.find_names(ArticleText("ال" + word), set()):
                continue
            kept.append(word)
        return kept

    def name(self, index: int) -> tuple[str, str, bool, str]:
        """Combination number `index` (0 <= index < size): (name, group, female, surname)."""
        for group, female, size in self.blocks:
            if index < size:
                firsts, lasts = self.first[(group, female)], self.last[group]
                first, last = firsts[index % len(firsts)], lasts[index // len(firsts)]
                if female:
                    last = _feminine_surname(last)
                return f"{first} {last}", group, female, last
            index -= size
        raise IndexError(index)

    def _fits(self, name: str) -> bool:
        """No known person within one edit (the extractor's fuzzy pass would take it for them)."""
        return not self.gazetteer.find_names(ArticleText(name), set())

    def person(self, index: int) -> Person:
        """Invented person number `index`: the same for every N."""
        while len(self.people) <= index:
            if self._cursor >= self.size:
                raise RuntimeError("the invented name lists are exhausted")
            combo = (self.offset + self._cursor * self.step) % self.size
            self._cursor += 1
            name, group, female, _ = self.name(combo)
            if not self._fits(name):
                continue
            rng = rng_for("pool", len(self.people), name)
            state = rng.choice(GROUP_STATES[group])
            roles, weights = zip(*POOL_ROLES)
            role = rng.choices(roles, weights)[0]
            if state == "russia" and role in ("spokes_mfa", "cgs"):  # posts the known Zakharova, Gerasimov hold
                role = "deputy_fm" if role == "spokes_mfa" else "general"
            if group == "ru" and not female and rng.random() < 0.12:
                name = f"{name.split()[0]} {rng.choice(self.patronymics)} {name.split()[1]}"
            where = "organization/csto" if role == "deputy_sg" else f"state/{state}"
            self.people.append(Person(f"new/{normalize_word(name)}", (name,), female, role, where, state))
        return self.people[index]

    def pick(self, rng: random.Random, visible: int, exponent: float = 0.85) -> Person:
        """One of the first `visible` invented people, earlier ones far more often."""
        while len(self._cumulative) < visible:
            i = len(self._cumulative)
            self._cumulative.append((self._cumulative[-1] if i else 0.0) + 1.0 / (i + 3) ** exponent)
        index = bisect_right(self._cumulative, rng.random() * self._cumulative[visible - 1], 0, visible)
        return self.person(min(index, visible - 1))

    def office_holder(self, seed: int, role: str, state: str, term: int, group: str) -> Person:
        """The invented holder of a post nobody known held: one per state, role and term."""
        rng = rng_for(seed, "office", role, state, term)
        offsets = {}
        start = 0
        for g, female, size in self.blocks:
            offsets[(g, female)] = (start, size)
            start += size
        begin, size = offsets[(group, False)]
        while True:
            name, *_ = self.name(begin + rng.randrange(size))
            if self._fits(name):
                return Person(f"new/{normalize_word(name)}", (name,), False, role, f"state/{state}", state)


def _feminine_surname(last: str) -> str:
    if last.endswith(("وف", "يف", "ين")):
        return last + "ا"
    return last


def _distinct(words: list[str]) -> list[str]:
    """Greedy thinning: no two kept words that resolve.same_name would take for one."""
    kept: list[str] = []
    for word in words:
        a = normalize_word(word)
        if all(not _close(a, normalize_word(other)) for other in kept):
            kept.append(word)
    return kept


def _close(a: str, b: str) -> bool:
    allowed = 2 if min(len(a), len(b)) >= 8 else 1
    return a[:1] == b[:1] and Levenshtein.distance(a, b, score_cutoff=allowed) <= allowed


# == the world: timeline and people ===============================================================


class World:
    """Everything shared by all articles of one seed: reference data, calendar, names, timeline."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.ref = Reference()
        self.gazetteer = Gazetteer(self.ref.graph)
        calendar = yaml.safe_load(CALENDAR.read_text(encoding="utf-8"))
        self.months: dict[str, list[str]] = {}
        for number in range(1, 13):
            names = [str(n) for n in calendar["months"][number]]
            self.months.setdefault("gulf", []).append(names[0])
            self.months.setdefault("levant", []).append(next((n for n in names if n in LEVANT), names[0]))
            self.months.setdefault("maghreb", []).append(next((n for n in names if n in MAGHREB), names[0]))
            self.months.setdefault("morocco", []).append(next((n for n in names if n in MOROCCO), names[0]))
        self.weekdays = {int(k): [str(v) for v in vs] for k, vs in calendar["weekdays"].items()}
        self.ordinals = {int(k): [str(v) for v in vs] for k, vs in calendar["ordinal_days"].items()}
        states = [e.key for e in self.ref.of_kind("State")]
        self.states = [s for s in STATE_SALIENCE if s in states] + sorted(s for s in states if s not in STATE_SALIENCE)
        self.names = NamePool(seed, self.gazetteer)
        self.known: dict[str, Person] = {}
        for key, role, where, _, _ in KNOWN_POSTS:
            self._known(key, role, where if "/" in where else f"state/{where}")
        for key, nationality, _, _ in SECRETARIES:
            self.known[f"sg:{key}"] = self._person(key, "sg", "organization/csto", nationality)
        years = list(range(FIRST_YEAR, LAST_DATE.year + 1))
        weights = [math.exp((y - FIRST_YEAR) / 7.0) for y in years]
        weights[-1] *= (LAST_DATE - D(LAST_DATE.year, 1, 1)).days / 365
        self.years, self.year_weights = years, list(_running(weights))

    def _person(self, key: str, role: str, where: str, nationality: str | None = None) -> Person:
        entry = self.ref.get(f"person/{key}")
        return Person(entry.id, (entry.label, *entry.aliases), key in FEMALE_KNOWN, role, where, nationality)

    def _known(self, key: str, role: str, where: str) -> None:
        if self.ref.has(f"person/{key}"):
            self.known[f"{key}:{role}:{where}"] = self._person(key, role, where)

    # -- who held what, when -------------------------------------------------------------------

    @cache  # noqa: B019 (one World per run)
    def known_holder(self, role: str, state: str, year: int) -> Person | None:
        for key, r, w, first, last in KNOWN_POSTS:
            if r == role and w == state and first <= year <= last:
                person = self.known.get(f"{key}:{role}:state/{state}")
                if person is not None:
                    return person
        return None

    def holder(self, role: str, state: str, year: int) -> Person:
        """The holder of a state post in a year: a known person, else the invented one of that term."""
        where = f"state/{state}"
        known = self.known_holder(role, state, year)
        if known is not None:
            return known
        group = "am" if state == "armenia" else "ru" if state in ("russia", "belarus", "ukraine", "moldova") else "ca"
        person = self.names.office_holder(self.seed, role, state, year // 4, group)
        return Person(person.key, person.names, False, role, where, state)

    def leader(self, state: str, year: int) -> Person:
        """Who leads a state at CSTO summits: Armenia's prime minister since 2018, else the president."""
        if state == "armenia" and year >= 2018:
            return self.holder("pm", "armenia", year)
        return self.holder("president", state, year)

    def secretary(self, day: dt.date) -> Person | None:
        for key, _, first, last in SECRETARIES:
            if first <= day <= last and f"sg:{key}" in self.known:
                return self.known[f"sg:{key}"]
        return None

    def org_person(self, role: str, org: str, year: int) -> Person | None:
        for key, r, w, first, last in KNOWN_POSTS:
            if r == role and w == org and first <= year <= last:
                return self.known.get(f"{key}:{role}:{org}")
        return None

    def members(self, day: dt.date) -> list[str]:
        if day < D(1999, 4, 20):
            members = list(CORE) + ["azerbaijan", "georgia", "uzbekistan"]
        elif D(2006, 8, 16) <= day < D(2012, 6, 28):
            members = list(CORE) + ["uzbekistan"]
        else:
            members = list(CORE)
        return sorted(members)

    def chair(self, year: int) -> str:
        return CORE[(year - 2022) % len(CORE)]

    @cache  # noqa: B019 (one World per run)
    def events(self, year: int) -> dict[str, tuple[dt.date, str]]:
        """The CSTO calendar of a year: (date, city key) of the summit and the three councils."""
        rng = rng_for(self.seed, "year", year)
        chair = self.chair(year)
        capital = CAPITALS[chair]
        others = [c.key for c in self.ref.cities_of(chair) if c.key != capital] or [capital]
        summit = SUMMIT_PINS.get(year) or (D(year, rng.choice((10, 11, 11, 12)), rng.randint(1, 28)), capital)
        out = {"summit": summit}
        for kind, months in (("fm", (4, 5, 6)), ("dm", (5, 6, 11)), ("cssc", (6, 9, 10))):
            when = D(year, rng.choice(months), rng.randint(1, 28))
            if when >= summit[0]:
                when = summit[0] - dt.timedelta(days=rng.randint(1, 5))
            city = capital if rng.random() < 0.6 else zipf_pick(rng, others, 1.0)
            out[kind] = (when, city)
        return out


def _running(values: list[float]) -> Iterator[float]:
    total = 0.0
    for value in values:
        total += value
        yield total


# == one article ==================================================================================

CLAIMS = (
    "الوضع في منطقة مسؤولية المنظمة لا يزال يفتقر إلى الاستقرار",
    "مستوى التنسيق السياسي بين الحلفاء بلغ درجة عالية",
    "المنظمة بحاجة إلى تحسين آليات الاستجابة للأزمات في الواقع الجيوسياسي الحديث",
    "الحدود الخارجية للدول الأعضاء تواجه مخاطر وتحديات جديدة",
    "التعاون العسكري بين الحلفاء يسير في الاتجاه الصحيح",
    "التهديدات الإرهابية القادمة من الجنوب تتطلب ردا جماعيا",
    "الحوار مع الشركاء الدوليين يبقى أولوية للمنظمة",
    "بلاده ملتزمة بتعهداتها تجاه الحلفاء",
    "مكافحة تهريب المخدرات والجريمة المنظمة تبقى في صدارة الأولويات",
    "الأوضاع على الحدود الطاجيكية الأفغانية تستدعي يقظة دائمة",
    "تعزيز قدرات القوات الجماعية لا يستهدف أي طرف ثالث",
    "التعاون في مجال الأمن السيبراني بات ضرورة ملحة",
)
TOPICS = ("أفغانستان تتصدر النقاش", "الحدود الخارجية في صدارة الأجندة", "تعزيز القوات الجماعية على الطاولة",
          "دعوات لتحسين آليات الاستجابة للأزمات", "ملفات الأمن الإقليمي تهيمن على النقاش", "الإرهاب والمخدرات في الواجهة")  # fmt: skip
DECISIONS = ("مواصلة تعزيز علاقات التحالف داخل المنظمة", "تطوير نظام الاستجابة للأزمات", "تعزيز أمن الحدود الخارجية",
             "مكافحة الإرهاب الدولي والتطرف", "تطوير قدرات قوات حفظ السلام الجماعية", "التعاون في مجال أمن المعلومات")  # fmt: skip
FILLER = (
    "ولا يستبعد مراقبون أن تتفق الدول الأعضاء على تكثيف التدريبات العسكرية المشتركة قرب الحدود الخارجية للمنظمة.",
    "ويرى محللون أن التطورات الأخيرة تفرض على الحلفاء مراجعة آليات التنسيق فيما بينهم.",
    "وتأتي هذه التطورات في ظل توتر متزايد على الساحة الدولية وتزايد التحديات الأمنية في آسيا الوسطى.",
    "وأشار خبراء إلى أن الوضع على الحدود الطاجيكية الأفغانية لا يزال مصدر قلق رئيسي للحلفاء.",
    "ولم يصدر أي تعليق رسمي حتى الآن من الأمانة العامة للمنظمة على هذه المعلومات.",
    "وتسعى الدول الأعضاء إلى تعزيز قدرات القوات الجماعية في مواجهة التهديدات العابرة للحدود، ومنها الإرهاب وتهريب المخدرات.",
    "ويؤكد مسؤولو المنظمة في أكثر من مناسبة أنها ليست موجهة ضد أي طرف ثالث.",
    "وتحظى مسألة أمن الحدود الخارجية باهتمام خاص في ظل المستجدات الإقليمية.",
    "وبحسب متابعين، فإن هذا الملف سيظل حاضرا على جدول أعمال اللقاءات المقبلة.",
    "كما ناقش المشاركون سبل مكافحة الإرهاب الدولي والجريمة المنظمة والهجرة غير الشرعية.",
    "وتولي المنظمة اهتماما متزايدا بقضايا الأمن السيبراني ومكافحة استخدام المتطرفين لتقنيات المعلومات الحديثة.",
    "ويُنظر إلى هذه الخطوة على أنها محاولة لإعطاء دفع جديد لعمل المنظمة في مرحلة دقيقة.",
    "وتتباين مواقف العواصم الحليفة من عدد من الملفات الإقليمية، وإن ظلت متفقة على الخطوط العريضة.",
    "ويعتبر خبراء أن مستقبل التكتل سيتوقف إلى حد بعيد على قدرته على التكيف مع المتغيرات الدولية.",
    "ولا تزال ملفات التمويل وتوزيع الأعباء بين الأعضاء محل نقاش داخل أروقة المنظمة.",
)
# Words as some outlets write them, with a shadda, a sukun or a tatweel (normalisation removes them).
MARKED_WORDS = (("المنظمة", "المنظّمة"), ("الجماعي", "الجماعيّ"), ("الدول", "الدُّول"), ("وزير", "وزيـر"), ("الأمن", "الأمْن"))
EXERCISES = ("التفاعل", "الأخوة الثلاثية", "البحث", "الإخوة الأبدية", "الحدود", "كوبالت", "الجسر الجوي")


class ArticleWriter:
    """Writes article k: picks its kind, date and outlet, then composes paragraphs from templates."""

    def __init__(self, world: World, k: int) -> None:
        self.world = world
        self.k = k
        self.rng = rng_for(world.seed, "article", k)
        self.visible = POOL_BASE + int(POOL_GROWTH * math.sqrt(k))
        self.people: dict[str, Person] = {}  # named in this article, by key
        self.introduced: set[str] = set()
        outlet = self.rng.choices(OUTLETS, [o[2] for o in OUTLETS])[0]
        self.source, self.style, self.footer_source = outlet[0], outlet[1], outlet[3]
        self.eastern = self.rng.random() < 0.2
        year = world.years[bisect_right(world.year_weights, self.rng.random() * world.year_weights[-1])]
        self.pub = D(year, 1, 1)  # set for real by the kind
        self.year = year
        self.slug = "csto-news"
        self.dateline: str | None = None  # city key of the story, for "موسكو - "

    # -- surface forms -------------------------------------------------------------------------

    def num(self, value: int | str) -> str:
        text = str(value)
        return text.translate(EASTERN) if self.eastern else text

    def month(self, number: int) -> str:
        w, style = self.world.months, self.style
        if style in ("gulf", "levant", "maghreb", "morocco"):
            return w[style][number - 1]
        gulf, levant = w["gulf"][number - 1], w["levant"][number - 1]
        return f"{levant}/{gulf}" if style == "lg" else f"{gulf}/{levant}"

    def weekday(self, day: dt.date) -> str:
        return self.rng.choice(self.world.weekdays[day.isoweekday()])

    def full_date(self, day: dt.date) -> str:
        r = self.rng.random()
        if r < 0.06:
            return f"{self.num(day.day)}/{self.num(day.month)}/{self.num(day.year)}"
        if r < 0.14 and day.day <= 31:
            ordinal = "الفاتح" if self.style in ("maghreb", "morocco") and day.day == 1 else self.world.ordinals[day.day][0]
            return f"{ordinal} من {self.month(day.month)} {self.num(day.year)}"
        return f"{self.num(day.day)} {self.month(day.month)} {self.num(day.year)}"

    def month_year(self, day: dt.date) -> str:
        return f"{self.month(day.month)} {self.num(day.year)}"

    def year_phrase(self, year: int) -> str:
        return f"عام {self.num(year)}"

    def when(self, day: dt.date) -> str:
        """An adverbial for `day` as seen from the publication date, in one of the real forms."""
        delta = (day - self.pub).days
        r = self.rng.random()
        if delta == 0:
            options = [f"اليوم {self.weekday(day)}", f"اليوم {self.weekday(day)} {self.full_date(day)}", "اليوم"]
        elif delta == -1:
            options = [f"أمس {self.weekday(day)}", "أمس", f"يوم أمس {self.weekday(day)}"]
        elif -6 <= delta <= -2:
            options = [f"يوم {self.weekday(day)} الماضي", f"{self.weekday(day)} الماضي", f"في {self.full_date(day)}"]
        elif delta == 1:
            options = [f"غدا {self.weekday(day)}", "غدا", f"يوم غد {self.weekday(day)}"]
        elif 2 <= delta <= 6:
            options = [f"يوم {self.weekday(day)} المقبل", f"في {self.full_date(day)}"]
        elif -330 <= delta < 0:
            options = [f"في {self.num(day.day)} {self.month(day.month)} الماضي", f"يوم {self.num(day.day)} {self.month(day.month)} الماضي",
                       f"في {self.full_date(day)}"]  # fmt: skip
        elif 0 < delta <= 330:
            options = [f"يوم {self.num(day.day)} {self.month(day.month)} المقبل", f"في {self.full_date(day)}"]
        else:
            options = [f"في {self.full_date(day)}", f"يوم {self.full_date(day)}"]
        return options[int(r * len(options))]

    def spell(self, entry: Entry, short: bool = False, alias_rate: float = 0.15) -> str:
        aliases = [a for a in entry.aliases if a != "الكرملين"]
        if entry.key == "astana":
            renamed = D(2019, 3, 23) <= self.pub <= D(2022, 9, 17)
            aliases = [a for a in aliases if ("نور" in a) == renamed]
            if renamed:
                return self.rng.choice(aliases)
        if short:
            aliases = [a for a in aliases if not a.startswith(("جمهورية", "الجمهورية", "المملكة", "مملكة", "دولة", "إمارة"))]
        if aliases and self.rng.random() < alias_rate:
            return zipf_pick(self.rng, aliases, 1.3)
        return entry.label

    def state(self, key: str, short: bool = True) -> str:
        return self.spell(self.world.ref.get(f"state/{key}"), short)

    def city(self, key: str) -> str:
        return self.spell(self.world.ref.get(f"city/{key}"), alias_rate=0.08)

    def nisba(self, key: str, feminine: bool) -> str:
        forms = self.world.ref.get(f"state/{key}").nisba(feminine)
        return forms[0] if self.rng.random() < 0.8 else self.rng.choice(forms)

    def city_state(self, city: str) -> str:
        return (self.world.ref.get(f"city/{city}").within or "state/russia").split("/", 1)[1]

    def at(self, city: str) -> str:
        """"في موسكو", or with the preposition glued on: "بموسكو"."""
        name = self.city(city)
        return with_clitic("ب", name) if self.rng.random() < 0.3 else f"في {name}"

    def where_city(self, city: str) -> str:
        """"العاصمة الطاجيكية دوشنبه" or "مدينة ألماتي الكازاخستانية"."""
        state = self.city_state(city)
        if CAPITALS.get(state) == city:
            return f"العاصمة {self.nisba(state, True)} {self.city(city)}"
        if self.rng.random() < 0.5:
            return f"مدينة {self.city(city)} {self.nisba(state, True)}"
        return self.city(city)

    def members_list(self, members: Sequence[str]) -> str:
        order = list(members)
        if self.rng.random() < 0.5:
            self.rng.shuffle(order)
        return joined([self.state(m) for m in order])

    # -- people --------------------------------------------------------------------------------

    def name_of(self, person: Person) -> str:
        self.people[person.key] = person
        if len(person.names) > 1 and self.rng.random() < 0.1:
            return self.rng.choice(person.names[1:])
        return person.names[0]

    def title(self, person: Person) -> str:
        """The title before a name: "وزير الخارجية الروسي", "رئيس كازاخستان", "الأمين العام للمنظمة"."""
        f, rng = person.female, self.rng
        if person.where.startswith("organization/"):
            if person.role == "sg":
                nationality = f" {self.nisba(person.nationality, False)}" if person.nationality and rng.random() < 0.4 else ""
                return rng.choice(("الأمين العام للمنظمة", "الأمين العام لمنظمة معاهدة الأمن الجماعي")) + nationality
            if person.role == "deputy_sg":
                return "نائبة الأمين العام للمنظمة" if f else "نائب الأمين العام للمنظمة"
            if person.role == "js_chief":
                return rng.choice(("رئيس هيئة الأركان المشتركة للمنظمة الفريق أول",) * 3 + ("رئيس هيئة الأركان المشتركة لمنظمة معاهدة الأمن الجماعي",))
            organization = self.spell(self.world.ref.get(person.where), alias_rate=0.1)
            return f"الأمين العام {with_clitic('ل', organization)}"
        state = person.where.split("/", 1)[1]
        m_nisba, f_nisba = self.nisba(state, False), self.nisba(state, True)
        name = self.state(state)
        forms: dict[str, tuple[str, ...]] = {
            "president": (f"الرئيسة {f_nisba}", f"رئيسة {name}") if f else (f"الرئيس {m_nisba}", f"رئيس {name}", f"رئيس جمهورية {name}"),
            "pm": (f"رئيس الوزراء {m_nisba}", f"رئيس الحكومة {f_nisba}", f"رئيس وزراء {name}"),
            "fm": (f"وزيرة الخارجية {f_nisba}", f"وزيرة خارجية {name}") if f
                  else (f"وزير الخارجية {m_nisba}", f"وزير خارجية {name}", f"وزير الشؤون الخارجية {m_nisba}"),
            "dm": (f"وزير الدفاع {m_nisba}", f"وزير دفاع {name}"),
            "deputy_fm": (f"نائبة وزير الخارجية {f_nisba}",) if f else (f"نائب وزير الخارجية {m_nisba}", f"نائب وزير خارجية {name}"),
            "spokes_mfa": (f"المتحدثة الرسمية باسم وزارة الخارجية {f_nisba}", f"المتحدثة باسم الخارجية {f_nisba}") if f
                          else (f"المتحدث الرسمي باسم وزارة الخارجية {f_nisba}", f"الناطق باسم الخارجية {f_nisba}"),
            "spokes_mod": (f"المتحدثة باسم وزارة الدفاع {f_nisba}",) if f else (f"المتحدث الرسمي باسم وزارة الدفاع {f_nisba}",),
            "spokes_kremlin": ("المتحدث باسم الكرملين", "المتحدث الرسمي باسم الكرملين"),
            "cgs": (f"رئيس هيئة الأركان العامة للقوات المسلحة {f_nisba}", f"رئيس الأركان العامة {m_nisba}"),
            "ambassador": (f"السفيرة {f_nisba}",) if f else (f"السفير {m_nisba}",),
            "general": (f"الجنرال {m_nisba}", "الفريق أول", "اللواء", f"العقيد {m_nisba}"),
            "expert": (f"الخبيرة {f_nisba}", f"المحللة السياسية {f_nisba}") if f
                      else (f"الخبير العسكري {m_nisba}", f"المحلل السياسي {m_nisba}"),
        }  # fmt: skip
        return rng.choice(forms[person.role])

    def intro(self, person: Person) -> str:
        """First mention: title and full name; later mentions: the surname."""
        if person.key in self.introduced:
            return self.ref(person)
        self.introduced.add(person.key)
        return f"{self.title(person)} {self.name_of(person)}"

    def ref(self, person: Person) -> str:
        if person.key not in self.introduced:
            return self.intro(person)
        self.people[person.key] = person
        return person.surname

    def tail_person(self, roles: Sequence[str] | None = None) -> Person:
        for _ in range(8):
            person = self.world.names.pick(self.rng, self.visible)
            if roles is None or person.role in roles:
                return person
        return person

    def pick(self, *options: Callable[[], str]) -> str:
        """One of several templates, built only once chosen (building one introduces its people)."""
        return options[self.rng.randrange(len(options))]()

    def quote(self, person: Person) -> str:
        """A statement with no fact in it: who said it is the point (a person and often a post)."""
        claim = self.rng.choice(CLAIMS)
        f = person.female
        said = "قالت" if f else "قال"
        that = self.rng.choice(("أكدت", "أوضحت", "اعتبرت", "رأت") if f else ("أكد", "أوضح", "اعتبر", "رأى"))
        return self.pick(
            lambda: f"و{said} {self.intro(person)} إن {claim}.",
            lambda: f"{'من جهتها' if f else 'من جهته'}، {that} {self.intro(person)} أن {claim}.",
            lambda: f"وفي تصريح للصحفيين، {that} {self.intro(person)} أن {claim}.",
            lambda: f"{'بدورها، أشارت' if f else 'بدوره، أشار'} {self.intro(person)} إلى أن {claim}.",
            lambda: f"و{said} {self.intro(person)}، في حديث لوسائل الإعلام، إن {claim}.",
        )

    # -- dates of the article ------------------------------------------------------------------

    def set_pub(self, day: dt.date) -> None:
        self.pub = min(max(day, D(FIRST_YEAR, 1, 2)), LAST_DATE)
        self.year = self.pub.year

    def random_pub(self) -> None:
        start = D(self.year, 1, 1)
        end = min(D(self.year, 12, 31), LAST_DATE)
        self.set_pub(start + dt.timedelta(days=self.rng.randrange((end - start).days + 1)))

    def around(self, event: dt.date) -> str:
        """Set the publication date near an event; returns the mode: preview, report or retro."""
        r = self.rng.random()
        if r < 0.3 and event - dt.timedelta(days=1) <= LAST_DATE:
            self.set_pub(event - dt.timedelta(days=self.rng.randint(1, 4)))
            return "preview"
        if r < 0.8 and event <= LAST_DATE:
            self.set_pub(event + dt.timedelta(days=self.rng.randint(0, 2)))
            return "report"
        if event + dt.timedelta(days=10) <= LAST_DATE:
            self.set_pub(event + dt.timedelta(days=self.rng.randint(5, 60)))
            return "retro"
        self.set_pub(event - dt.timedelta(days=self.rng.randint(1, 4)))
        return "preview"

    # -- paragraphs shared by kinds ------------------------------------------------------------

    def membership_paragraph(self) -> str:
        members = self.world.members(self.pub)
        n = NUMBER_WORDS.get(len(members), f"{self.num(len(members))} دول")
        org = self.rng.choice(("منظمة معاهدة الأمن الجماعي", "المنظمة", "منظمة معاهدة الأمن الجماعي"))
        pivot = self.rng.choice(members)
        rest = [m for m in members if m != pivot]
        t = self.rng.randrange(7)
        if t == 0:
            return f"وتضم {org} في عضويتها {n}، هي {self.members_list(members)}."
        if t == 1:
            return f"وتضم {org}، إلى جانب {self.state(pivot)}، كلا من {self.members_list(rest)}."
        if t == 2:
            return f"وتضم المنظمة حاليا {n} هي {self.members_list(members)}."
        if t == 3:
            return f"تعتبر \"منظمة معاهدة الأمن الجماعي\" منظمة أمنية دولية أعضاؤها من {self.num(len(members))} دول: {self.members_list(members)}."
        if t == 4:
            return f"وتتألف {org} من {n} هي {self.members_list(members)}، ويقع مقر أمانتها العامة في موسكو."
        if t == 5:
            return f"يذكر أن المنظمة، التي يقع مقر أمانتها العامة في موسكو، تضم {n} هي {self.members_list(members)}."
        return f"وتضم {org} {n}، هي {self.members_list(members)}، وتعد الذراع العسكرية الأبرز للتعاون الأمني في الفضاء السوفياتي السابق."

    def chair_paragraph(self) -> str:
        y = self.year
        chair, following = self.world.chair(y), self.world.chair(y + 1)
        leader = self.world.leader(chair, y)
        t = self.rng.randrange(5)
        if t == 0:
            return f"وتتولى {self.state(chair)} الرئاسة الدورية للمنظمة خلال العام الجاري، على أن تنتقل الرئاسة إلى {self.state(following)} اعتبارا من الأول من {self.month(1)} المقبل."
        if t == 1:
            return f"ويترأس {self.intro(leader)} المنظمة حاليا، بحكم تولي بلاده الرئاسة الدورية للمنظمة في {self.year_phrase(y)}."
        if t == 2:
            return f"وتسلمت {self.state(chair)} الرئاسة الدورية لمنظمة معاهدة الأمن الجماعي مطلع {self.year_phrase(y)}، خلفا {with_clitic('ل', self.state(self.world.chair(y - 1)))}."
        if t == 3:
            return f"وبموجب نظام التناوب المعمول به في المنظمة، ستتولى {self.state(following)} الرئاسة اعتبارا من {self.month(1)} المقبل، خلفا {with_clitic('ل', self.state(chair))}."
        return f"وترأست {self.state(self.world.chair(y - 1))} المنظمة {self.year_phrase(y - 1)}، قبل أن تنتقل رئاستها الدورية إلى {self.state(chair)}."

    def history_paragraphs(self) -> list[str]:
        """Facts of the treaty's history, each in one of several sentences; only those already past."""
        out: list[str] = []
        founders = self.members_list(FOUNDERS)
        six = self.members_list(CORE)
        rng = self.rng
        tashkent = self.city("tashkent")
        options: list[Callable[[], str]] = [
            lambda: f"ووقعت معاهدة الأمن الجماعي في {tashkent} في {self.full_date(D(1992, 5, 15))} من قبل {founders}.",
            lambda: f"كما تم التوقيع على اتفاقية إنشاء المنظمة في {self.full_date(D(1992, 5, 15))} في {tashkent} من قبل رؤساء {founders}.",
            lambda: f"وتعد {self.state('uzbekistan')} من الدول المؤسسة، إذ وقعت على معاهدة الأمن الجماعي في عاصمتها {tashkent} يوم {self.full_date(D(1992, 5, 15))}، إلى جانب {self.members_list([s for s in FOUNDERS if s != 'uzbekistan'])}.",
            lambda: f"وفي العام التالي اتسعت دائرة المعاهدة لتضم تسع دول، إذ انضمت إليها {self.state('azerbaijan')} بتوقيعها عليها في {self.full_date(D(1993, 9, 24))}، ثم {self.state('georgia')} في {self.full_date(D(1993, 12, 9))}، وأخيرا {self.state('belarus')} في {self.full_date(D(1993, 12, 31))}.",
            lambda: f"ودخلت المعاهدة حيز التنفيذ في {self.month_year(D(1994, 4, 20))} لمدة خمس سنوات قابلة للتمديد.",
            lambda: f"ومع اقتراب نهاية المدة الأولى، وقعت ست دول في {self.city('moscow')} في {self.full_date(D(1999, 4, 2))} على بروتوكول تمديد معاهدة الأمن الجماعي، هي {six}.",
            lambda: f"في المقابل، امتنعت {joined([self.state('azerbaijan'), self.state('georgia'), self.state('uzbekistan')])} عن التوقيع على البروتوكول، لتخرج الدول الثلاث من المعاهدة {self.year_phrase(1999)}.",
            lambda: f"وقرر قادة الدول الست، خلال قمة احتضنتها {self.city('moscow')} في {self.full_date(D(2002, 5, 14))}، تحويل المعاهدة إلى منظمة دولية إقليمية.",
            lambda: f"ففي {self.full_date(D(2002, 10, 7))}، وقع رؤساء {six} في العاصمة المولدوفية {self.city('chisinau')} على ميثاق المنظمة.",
            lambda: f"ودخل الميثاق حيز التنفيذ في {self.full_date(D(2003, 9, 18))}، وفي {self.month_year(D(2004, 12, 2))} منحت الجمعية العامة للأمم المتحدة المنظمة صفة مراقب.",
            lambda: f"وتولى {self.name_of(self.world.known['sg:nikolai-bordyuzha'])} منصب أول أمين عام للمنظمة {self.year_phrase(2003)}، واستمر فيه حتى نهاية {self.year_phrase(2016)}.",
            lambda: f"وعادت {self.state('uzbekistan')} إلى المنظمة {self.year_phrase(2006)}، قبل أن تعلق عضويتها مجددا {self.year_phrase(2012)}.",
            lambda: f"وكانت {self.state('uzbekistan')} قد علقت مشاركتها في المنظمة في {self.month_year(D(2012, 6, 28))}، بعد سنوات قليلة من عودتها إليها.",
        ]
        cutoffs = [D(1992, 5, 16)] * 3 + [D(1994, 1, 1), D(1994, 5, 1), D(1999, 4, 3), D(1999, 6, 1), D(2002, 5, 15),
                                          D(2002, 10, 8), D(2005, 1, 1), D(2017, 1, 1), D(2012, 7, 1), D(2012, 7, 1)]  # fmt: skip
        usable = [o for o, c in zip(options, cutoffs) if c <= self.pub]
        picked = sorted(rng.sample(range(len(usable)), k=min(len(usable), rng.randint(2, 4))))
        for i in picked:
            out.append(usable[i]())
        return out

    def filler(self) -> str:
        sentence = self.rng.choice(FILLER)
        if self.rng.random() < 0.15:
            sentence = self.tatweel(sentence)
        return sentence

    def tatweel(self, sentence: str) -> str:
        """Stretch one long word with a tatweel, as headline writers do."""
        words = sentence.split(" ")
        candidates = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if not candidates:
            return sentence
        i = self.rng.choice(candidates)
        word = words[i]
        spots = [j for j in range(2, len(word) - 1) if word[j - 1] not in NON_JOINING]
        if spots:
            j = self.rng.choice(spots)
            words[i] = word[:j] + "ـ" + word[j:]
        return " ".join(words)

    def context_paragraphs(self) -> list[str]:
        """Optional paragraphs of background: history, chair, a voice from the tail, filler."""
        y = self.year
        out = [self.filler() + (" " + self.filler() if self.rng.random() < 0.3 else "")]
        if y >= 2003:
            out.append(self.chair_paragraph())
        out.append(self.quote(self.tail_person()))
        out.append(self.quote(self.tail_person(("expert", "deputy_fm", "spokes_mfa"))))
        out.extend(self.history_paragraphs())
        secretary = self.world.secretary(self.pub)
        if secretary is not None:
            out.append(self.quote(secretary))
        if self.rng.random() < 0.5:
            other = self.tail_person(("general", "ambassador", "cgs"))
            out.append(f"وحضر اللقاء أيضا {self.intro(other)}، إلى جانب عدد من المسؤولين العسكريين والدبلوماسيين.")
        if y >= 2001 and self.rng.random() < 0.4:
            # A minister of a neighbour or a power: a known one, or an invented one for post-Soviet states.
            states = [s for s in self.world.states[6:40] if s in POST_SOVIET or self.world.known_holder("fm", s, y)]
            minister = self.intro(self.world.holder("fm", zipf_pick(self.rng, states, 1.0), y))
            out.append(self.pick(
                lambda: f"وتزامن ذلك مع تحركات دبلوماسية يقودها {minister} في المنطقة.",
                lambda: f"وفي سياق متصل، أعرب {minister} عن اهتمام بلاده بتطوير الحوار مع المنظمة.",
            ))
        self.rng.shuffle(out)
        return out

    # -- kinds -----------------------------------------------------------------------------------

    def summit(self) -> tuple[str, list[str]]:
        w, rng = self.world, self.rng
        day, city = w.events(self.year)["summit"]
        mode = self.around(day)
        y = day.year
        chair = w.chair(y)
        leader = w.leader(chair, y)
        members = [m for m in w.members(day) if m != chair]
        absent = {"armenia"} if day >= D(2024, 2, 22) else set()
        if rng.random() < 0.2 and members:
            absent.add(rng.choice(members))
        present = [m for m in members if m not in absent]
        secretary = w.secretary(day)
        place = self.where_city(city)
        when = self.when(day)
        paras: list[str] = []
        if mode == "preview":
            paras.append(self.pick(
                lambda: f"يلتقي قادة الدول الأعضاء في منظمة معاهدة الأمن الجماعي، {when}، في {place}، في الدورة العادية لمجلس الأمن الجماعي، التي يستضيفها {self.intro(leader)} بحكم تولي بلاده الرئاسة الدورية للمنظمة في {self.year_phrase(y)}.",
                lambda: f"تستضيف {self.city(city)} {when} قمة منظمة معاهدة الأمن الجماعي، التي تنعقد برئاسة {self.intro(leader)}، بحكم تولي بلاده رئاسة المنظمة خلال {self.year_phrase(y)}.",
                lambda: f"من المقرر أن تنعقد في {place} {when} قمة قادة دول منظمة معاهدة الأمن الجماعي، برئاسة {self.intro(leader)}.",
            ))
            paras.append(f"ومن المنتظر أن يشارك في القمة كل من {'، و'.join(self.intro(w.leader(m, y)) for m in present)}.")
            if secretary:
                paras[-1] += f" كما سيحضر الاجتماع {self.intro(secretary)}."
            paras.append(self.pick(
                lambda: f"ومن المنتظر أن يوقع القادة في ختام القمة على إعلان ختامي وحزمة من {self.num(rng.randint(8, 20))} وثيقة تنظم جوانب مختلفة من عمل المنظمة.",
                lambda: f"ومن المقرر أن يوقع رؤساء الدول على إعلان {self.city(city)}، إلى جانب قرارات بشأن {rng.choice(DECISIONS)}.",
            ))
        else:
            lead = None if mode != "retro" else (
                f"كان قادة دول منظمة معاهدة الأمن الجماعي قد عقدوا {when} قمتهم في {place}، برئاسة {self.intro(leader)}، في ظروف إقليمية بالغة الحساسية."
            )
            lead = lead or self.pick(
                lambda: f"احتضنت {place}، {when}، جلسة مجلس الأمن الجماعي لمنظمة معاهدة الأمن الجماعي، برئاسة {self.intro(leader)}، الذي تتولى بلاده حاليا الرئاسة الدورية للمنظمة.",
                lambda: f"اختتمت في {place}، {when}، أعمال الدورة العادية لمجلس الأمن الجماعي لمنظمة معاهدة الأمن الجماعي، التي انعقدت برئاسة {self.intro(leader)}، بحكم تولي بلاده رئاسة المنظمة خلال {self.year_phrase(y)}.",
                lambda: f"عقد قادة الدول الأعضاء في منظمة معاهدة الأمن الجماعي {when} قمتهم السنوية في {place}، برئاسة {self.intro(leader)}.",
                lambda: f"انطلقت {when} في {place} أعمال قمة منظمة معاهدة الأمن الجماعي، التي يترأسها {self.intro(leader)}، وسط حضور لافت لقادة الدول الأعضاء.",
            )
            paras.append(lead)
            names = "، و".join(self.intro(w.leader(m, y)) for m in present)
            extra = f"، إلى جانب {self.intro(secretary)}" if secretary else ""
            paras.append(self.pick(
                lambda: f"وحضر القمة {self.at(city)} كل من {names}{extra}.",
                lambda: f"وشارك في جلسة مجلس الأمن الجماعي كل من {names}{extra}.",
                lambda: f"وشارك في القمة، إلى جانب {self.ref(leader)}، كل من {names}{extra}.",
            ))
            if absent:
                gone = min(absent)
                paras.append(self.pick(
                    lambda: f"وغابت {self.state(gone)} عن القمة، إذ لم يحضرها {self.intro(w.leader(gone, y))}.",
                    lambda: f"في المقابل، لم يشارك {self.intro(w.leader(gone, y))} في أعمال القمة، من دون أن تقدم بلاده تفسيرا رسميا لذلك.",
                ))
            paras.append(self.pick(
                lambda: f"وأقر القادة في ختام الاجتماع حزمة من الوثائق، من بينها قرار بشأن {rng.choice(DECISIONS)}.",
                lambda: f"ووقع القادة في ختام القمة على إعلان {self.city(city)}، الذي يؤكد التزام الدول الأعضاء بـ{rng.choice(DECISIONS)}.",
                lambda: f"وأوضح {self.ref(leader)} أن القادة نظروا خلال الاجتماع المغلق في {self.num(rng.randint(10, 20))} مشروع قرار، جرى التوافق على معظمها.",
            ))
            following = w.chair(y + 1)
            paras.append(self.pick(
                lambda: f"كما تقرر أن تنتقل الرئاسة الدورية للمنظمة إلى {self.state(following)} اعتبارا من الأول من {self.month(1)} المقبل.",
                lambda: f"وتسلمت {self.state(following)}، في ختام القمة، الرئاسة الدورية لمنظمة معاهدة الأمن الجماعي لعام {self.num(y + 1)}.",
                lambda: f"ومن المقرر أن تستضيف {self.city(CAPITALS[following])} الدورة العادية المقبلة لمجلس الأمن الجماعي في خريف العام المقبل.",
            ))
            transition = next(((k, n, s) for k, n, s, _ in SECRETARIES if s.year == y + 1 and s.month == 1), None)
            if transition and f"sg:{transition[0]}" in w.known:
                successor = w.known[f"sg:{transition[0]}"]
                before = w.secretary(day)
                tail = f"، خلفا {with_clitic('ل', self.nisba(before.nationality, False))} {self.ref(before)}" if before and before.nationality else ""
                paras.append(f"ووافق القادة على تعيين {self.nisba(transition[1], False)} {self.name_of(successor)} أمينا عاما للمنظمة اعتبارا من الأول من {self.month(1)} {self.num(y + 1)}{tail}.")
                self.introduced.add(successor.key)
        speakers = [w.leader(m, y) for m in present[:3]] + [leader]
        paras.append(self.quote(rng.choice(speakers)))
        if y in (2020, 2021) and "russia" in present:
            paras.append(f"وشارك {self.ref(w.leader('russia', y))} في أعمال الجلسة عبر تقنية الفيديو.")
        title = self.pick(
            lambda: f"قمة «الأمن الجماعي» في {self.city(city)}: {rng.choice(TOPICS)}",
            lambda: f"قادة منظمة معاهدة الأمن الجماعي يجتمعون في {self.city(city)}",
            lambda: f"{leader.surname} يترأس قمة «الأمن الجماعي» في {self.city(city)}",
            lambda: f"قمة {self.city(city)} تسلم {self.state(w.chair(y + 1))} رئاسة منظمة معاهدة الأمن الجماعي لعام {y + 1}",
        )
        self.slug, self.dateline = f"csto-summit-{city}-{y}", city
        return title, paras

    def council(self, kind: str) -> tuple[str, list[str]]:
        w, rng = self.world, self.rng
        day, city = w.events(self.year)[kind]
        mode = self.around(day)
        y = day.year
        chair = w.chair(y)
        role = {"fm": "fm", "dm": "dm", "cssc": "fm"}[kind]
        russian = w.holder(role, "russia", y)
        presiding = w.holder(role, chair, y)
        body = {
            "fm": ("مجلس وزراء خارجية منظمة معاهدة الأمن الجماعي", "مجلس وزراء خارجية الدول الأعضاء في منظمة معاهدة الأمن الجماعي",
                   "مجلس وزراء الخارجية في منظمة معاهدة الأمن الجماعي"),
            "dm": ("مجلس وزراء دفاع منظمة معاهدة الأمن الجماعي", "مجلس وزراء دفاع الدول الأعضاء في منظمة معاهدة الأمن الجماعي",
                   "مجلس وزراء الدفاع في منظمة معاهدة الأمن الجماعي"),
            "cssc": ("لجنة أمناء مجالس الأمن في منظمة معاهدة الأمن الجماعي", "لجنة أمناء مجالس الأمن لمنظمة معاهدة الأمن الجماعي",
                     "لجنة أمناء مجالس الأمن في الدول الأعضاء"),
        }[kind]  # fmt: skip
        name = rng.choice(body)
        place = self.where_city(city)
        when = self.when(day)
        secretary = w.secretary(day)
        paras: list[str] = []
        if mode == "preview":
            paras.append(self.pick(
                lambda: f"من المقرر أن يشارك {self.intro(russian)}، {when}، في اجتماع {with_clitic('ل', name)}، الذي سيعقد في {place}.",
                lambda: f"تلتئم في {place} {when} أعمال الاجتماع الدوري {with_clitic('ل', name)}، بمشاركة {self.intro(russian)}.",
                lambda: f"تستضيف {place}، {when}، اجتماعا {with_clitic('ل', name)}، ينعقد برئاسة {self.state(chair)} التي تتولى الرئاسة الدورية للمنظمة منذ الأول من {self.month(1)} {self.num(y)}.",
            ))
            if y >= 2015 and kind == "fm":
                spokes = w.holder("spokes_mfa", "russia", y)
                paras.append(f"وأكدت {self.intro(spokes)}، في إحاطتها الصحفية الأسبوعية، أن {self.ref(russian)} سيشارك في الاجتماع، موضحة أن الوزراء سيتبادلون التقييمات بشأن الوضع الدولي والإقليمي.")
            if kind == "fm":
                paras.append(f"ومن المقرر عقب الاجتماع التوقيع على خطة مشاورات بين ممثلي الدول الأعضاء في المنظمة بشأن قضايا السياسة الخارجية للفترة {self.num(y)}-{self.num(y + 2)}.")
        else:
            paras.append(self.pick(
                lambda: f"{'عقدت' if kind == 'cssc' else 'عقد'} {name} {when} اجتماعا في {place}، برئاسة {self.intro(presiding)}.",
                lambda: f"بحث {'الأمناء' if kind == 'cssc' else 'الوزراء'}، خلال اجتماع {with_clitic('ل', name)} عقد في {place} {when}، الوضع العسكري والسياسي في منطقة مسؤولية المنظمة.",
                lambda: f"انعقد {when} في {place} اجتماع {name}، برئاسة {self.intro(presiding)}، بحضور ممثلي الدول الأعضاء.",
                lambda: f"وصل {self.intro(russian)}، {when}، إلى {place} للمشاركة في اجتماع {name}، الذي انطلقت أشغاله في اليوم ذاته.",
            ))
            if presiding.key not in self.introduced:
                paras.append(f"ويترأس الاجتماع {self.intro(presiding)}، بحكم تولي بلاده الرئاسة الدورية للمنظمة.")
        if secretary:
            extra = ""
            if kind == "dm" and y >= 2017 and (chief := w.org_person("js_chief", "organization/csto", y)):
                extra = f"، و{self.intro(chief)}"
            paras.append(f"ويشارك في الاجتماع، إلى جانب الوزراء، {self.intro(secretary)}{extra}.")
        if kind == "dm":
            paras.append(f"وأوضحت وزارة الدفاع {self.nisba('russia', True)}، في بيان لها، أن رؤساء الإدارات العسكرية في دول المنظمة يبحثون التحديات التي تواجه الأمن العسكري، ومسائل تطوير نظام الاستجابة للأزمات.")
            paras.append(f"كما لا يُستبعد أن يعقد {self.ref(russian)} لقاءات ثنائية مع عدد من نظرائه على هامش الاجتماع.")
        if y >= 2024 and day >= D(2024, 2, 22):
            paras.append(f"في المقابل، لن يشارك {self.intro(w.holder(role, 'armenia', y))} في الاجتماع، في ظل مقاطعة يريفان لفعاليات المنظمة منذ أن أعلن {self.intro(w.holder('pm', 'armenia', y))} أن بلاده جمدت مشاركتها فيها.")
        summit_day, summit_city = w.events(y)["summit"]
        if summit_day > self.pub:
            paras.append(f"وسيقر المجلس عددا من مشاريع القرارات التي ستحال إلى الدورة العادية لمجلس الأمن الجماعي، المقرر عقدها في {self.where_city(summit_city)} {self.when(summit_day)}.")
        paras.append(self.quote(self.tail_person(("deputy_fm", "spokes_mfa", "spokes_mod", "cgs"))))
        label = {"fm": "وزراء خارجية", "dm": "وزراء دفاع", "cssc": "أمناء مجالس الأمن في"}[kind]
        title = self.pick(
            lambda: f"{label} «الأمن الجماعي» يجتمعون في {self.city(city)}",
            lambda: f"{russian.surname} في {self.city(city)} للمشاركة في اجتماع {label} «الأمن الجماعي»",
            lambda: f"اجتماع {label} دول منظمة معاهدة الأمن الجماعي في {self.city(city)}",
        )
        self.slug, self.dateline = f"csto-{kind}-council-{city}-{y}", city
        return title, paras

    def talks(self) -> tuple[str, list[str]]:
        w, rng = self.world, self.rng
        self.random_pub()
        y = self.year
        partner = zipf_pick(rng, [s for s in w.states[:19] if s != "russia" and s in CAPITALS], 1.0)
        city = CAPITALS[partner]
        level = "fm" if rng.random() < 0.65 else "president"
        visitor = w.holder(level, "russia", y) if level == "fm" else w.leader("russia", y)
        host = w.holder(level, partner, y) if level == "fm" else w.leader(partner, y)
        day = self.pub - dt.timedelta(days=rng.choice((0, 0, 1, 2, 3)))
        arrival = day - dt.timedelta(days=1)
        paras = [self.pick(
            lambda: f"بحث {self.intro(visitor)}، {self.when(day)}، مع {self.intro(host)}، في {self.where_city(city)}، العلاقات الثنائية والتعاون داخل منظمة معاهدة الأمن الجماعي.",
            lambda: f"أجرى {self.intro(visitor)} {self.when(day)} محادثات مع {self.intro(host)} {self.at(city)}، تناولت العلاقات الثنائية والتحضيرات لاجتماعات منظمة معاهدة الأمن الجماعي.",
            lambda: f"التقى {self.intro(visitor)} {self.when(day)} في {self.city(city)} {self.intro(host)}، وبحث الجانبان ملفات التعاون الثنائي والعمل المشترك في إطار منظمة معاهدة الأمن الجماعي.",
        )]
        paras.append(self.pick(
            lambda: f"وكان {self.ref(visitor)} قد وصل {self.when(arrival)} إلى {self.state(partner)} في زيارة رسمية تستمر يومين.",
            lambda: f"ويزور {self.ref(visitor)} {self.state(partner)} في إطار جولة إقليمية تشمل عددا من الدول الأعضاء في المنظمة.",
        ))
        paras.append(f"وبحسب الخارجية {self.nisba('russia', True)}، تناولت المحادثات التعاون بين البلدين في المجالات السياسية والتجارية والاقتصادية والعسكرية التقنية والثقافية والإنسانية.")
        summit_day, summit_city = w.events(y)["summit"]
        if summit_day > self.pub:
            paras.append(f"وقال {self.ref(host)} عقب المحادثات إن بلاده تنتظر مشاركة {self.intro(w.leader('russia', y))} في اجتماع مجلس الأمن الجماعي للمنظمة، المقرر عقده في {self.city(summit_city)} {self.when(summit_day)}.")
        if level == "fm":
            paras.append(f"ومن المقرر أن يلتقي الوزير {self.nisba('russia', False)} خلال الزيارة {self.intro(w.leader(partner, y))}.")
        paras.append(self.quote(self.tail_person(("ambassador", "expert", "deputy_fm"))))
        title = self.pick(
            lambda: f"{visitor.surname} يبحث مع نظيره {self.nisba(partner, False)} التعاون في إطار «الأمن الجماعي»",
            lambda: f"محادثات روسية {self.nisba(partner, True)[2:]} في {self.city(city)}",
            lambda: f"{visitor.surname} في {self.city(city)}: الأمن الإقليمي على طاولة المحادثات",
        )
        self.slug, self.dateline = f"talks-russia-{partner}-{y}", city
        return title, paras

    def secretary_general(self) -> tuple[str, list[str]]:
        w, rng = self.world, self.rng
        terms = [t for t in SECRETARIES if f"sg:{t[0]}" in w.known and t[2] <= LAST_DATE and t[2].year >= FIRST_YEAR]
        key, nationality, start, _ = rng.choice(terms)
        person = w.known[f"sg:{key}"]
        index = [t[0] for t in SECRETARIES].index(key)
        before = w.known.get(f"sg:{SECRETARIES[index - 1][0]}") if index > 0 else None
        room = (LAST_DATE - start).days
        if (rng.random() < 0.5 and start.month == 1) or room < 30:
            self.set_pub(start + dt.timedelta(days=rng.randint(-25, min(20, room))))
        else:
            self.set_pub(start + dt.timedelta(days=rng.randint(30, min(700, room))))
        y = self.year
        paras: list[str] = []
        nat = self.nisba(nationality, False)
        prev = f"، خلفا للأمين العام السابق {self.nisba(before.nationality, False)} {self.name_of(before)}" if before and before.nationality else ""
        if before:
            self.introduced.add(before.key)
        if self.pub < start:
            paras.append(f"يتسلم الدبلوماسي {nat} {self.name_of(person)}، بداية من {self.full_date(start)}، منصب الأمين العام لمنظمة معاهدة الأمن الجماعي{prev}.")
        elif (self.pub - start).days < 40:
            paras.append(f"باشر الأمين العام الجديد لمنظمة معاهدة الأمن الجماعي، {nat} {self.name_of(person)}، مهامه رسميا مطلع {self.month(start.month)} الجاري{prev}.")
        else:
            paras.append(self.pick(
                lambda: f"وصل {self.intro(person)} {self.when(self.pub - dt.timedelta(days=1))} إلى {self.city(CAPITALS[zipf_pick(rng, list(CORE))])} في زيارة عمل تستمر يومين.",
                lambda: f"أكد {self.intro(person)}، في مقابلة صحفية {self.when(self.pub)}، أن {rng.choice(CLAIMS)}.",
            ))
        self.introduced.add(person.key)
        appointed = SUMMIT_PINS.get(start.year - 1) if start.month == 1 else SUMMIT_PINS.get(start.year)
        if appointed:
            summit_day, summit_city = appointed
            paras.append(f"وكان قادة الدول الأعضاء قد وافقوا على تعيين {self.ref(person)} لولاية مدتها ثلاث سنوات، خلال دورة مجلس الأمن الجماعي التي انعقدت في {self.where_city(summit_city)} {self.when(summit_day)}.")
        paras.append("ويتعاقب على المنصب ممثلو الدول الأعضاء بالتداول، وفق الترتيب الأبجدي الروسي لأسمائها.")
        if y >= 2012:
            deputy = self.tail_person(("deputy_sg",))
            if deputy.role == "deputy_sg":
                paras.append(f"وبحسب الأمانة العامة، سيعاونه في مهامه {self.intro(deputy)}، إلى جانب فريق من الخبراء العسكريين.")
        paras.append(self.quote(self.tail_person(("expert", "ambassador"))))
        title = self.pick(
            lambda: f"{person.surname} أمينا عاما لمنظمة معاهدة الأمن الجماعي",
            lambda: f"{nat[2:]} على رأس الأمانة العامة لـ«الأمن الجماعي»",
            lambda: f"الأمين العام لـ«الأمن الجماعي»: {rng.choice(CLAIMS)}",
        )
        self.slug = f"secretary-general-{person.key.split('/')[-1]}-{y}"
        return title, paras

    def history(self) -> tuple[str, list[str]]:
        rng = self.rng
        anniversaries = [(D(1992, 5, 15), "treaty"), (D(2002, 10, 7), "charter"), (D(1994, 4, 20), "in-force"), (D(1999, 4, 2), "protocol")]
        day, what = rng.choice(anniversaries)
        years = [y for y in range(max(FIRST_YEAR, day.year + 5), LAST_DATE.year + 1) if (y - day.year) % 5 == 0]
        y = rng.choice(years)
        self.set_pub(D(y, day.month, day.day) + dt.timedelta(days=rng.choice((0, 0, -1, 1))))
        age = y - day.year
        paras = []
        if what == "treaty":
            paras.append(f"تحل اليوم الذكرى الـ{self.num(age)} لتوقيع معاهدة الأمن الجماعي في {self.city('tashkent')} في {self.full_date(day)}، الوثيقة التي أسست لأوسع تحالف عسكري في الفضاء السوفياتي السابق.")
        elif what == "charter":
            paras.append(f"تحل اليوم الذكرى الـ{self.num(age)} لتوقيع ميثاق منظمة معاهدة الأمن الجماعي، الوثيقة التي نقلت التعاون العسكري والسياسي بين عدد من الجمهوريات السوفيتية السابقة من إطار المعاهدة إلى منظمة دولية متكاملة الهيئات.")
        elif what == "in-force":
            paras.append(f"{self.city('moscow')} - قبل {self.num(age)} عاما، وتحديدا في {self.full_date(day)}، دخلت معاهدة الأمن الجماعي حيز التنفيذ، بعد قرابة عامين من التوقيع عليها في العاصمة الأوزبكية {self.city('tashkent')} يوم {self.full_date(D(1992, 5, 15))}.")
        else:
            paras.append(f"قبل {self.num(age)} عاما، وقعت {self.members_list(CORE)} في {self.city('moscow')} يوم {self.full_date(day)} على بروتوكول تمديد معاهدة الأمن الجماعي.")
        paras.extend(self.history_paragraphs())
        paras.extend(self.history_paragraphs()[:1])
        title = self.pick(
            lambda: f"{self.num(age)} عاما على معاهدة الأمن الجماعي: محطات في تاريخ التحالف",
            lambda: "من تسع دول إلى ست.. كيف تغيرت خريطة معاهدة الأمن الجماعي؟",
            lambda: f"في ذكراها الـ{self.num(age)}.. «الأمن الجماعي» بين الطموح والواقع",
        )
        self.slug = f"csto-history-{what}-{y}"
        return title, paras

    def membership_crisis(self) -> tuple[str, list[str]]:
        rng, w = self.rng, self.world
        armenia = D(2024, 2, 22)
        if rng.random() < 0.6:
            self.set_pub(armenia + dt.timedelta(days=rng.randint(5, (LAST_DATE - armenia).days)))
            y = self.year
            pm = w.holder("pm", "armenia", y)
            paras = [
                f"تتسع الهوة بين {self.state('armenia')} ومنظمة معاهدة الأمن الجماعي، في ظل استمرار مقاطعة يريفان لفعاليات المنظمة منذ مطلع {self.year_phrase(2024)}.",
                f"وكان {self.intro(pm)} قد صرح في مقابلة مع قناة «فرانس 24» الفرنسية، يوم {self.full_date(armenia)}، بأن بلاده جمدت مشاركتها في المنظمة من الناحية العملية.",
                f"وشددت الخارجية {self.nisba('russia', True)} على أن {self.state('armenia')} لا تزال رسميا عضوا كامل العضوية في المنظمة، وأن عليها الوفاء بالتزاماتها تجاهها.",
                f"ورغم حدة الخطاب، لم تقدم {self.state('armenia')} طلبا رسميا للانسحاب من المنظمة حتى الآن.",
            ]
            if y >= 2015:
                paras.insert(2, f"وأعربت {self.intro(w.holder('spokes_mfa', 'russia', y))} عن قلق موسكو من الخطاب «الإنذاري» للسلطات الأرمينية.")
            title = f"{self.state('armenia')} و«الأمن الجماعي»: تجميد للمشاركة من دون انسحاب رسمي"
            self.slug = f"armenia-csto-freeze-{y}"
        else:
            start = D(2012, 7, 1)
            self.set_pub(start + dt.timedelta(days=rng.randint(0, (LAST_DATE - start).days)))
            y = self.year
            paras = [
                f"تعد {self.state('uzbekistan')} حالة فريدة في تاريخ منظمة معاهدة الأمن الجماعي، إذ غادرتها ثم عادت إليها قبل أن تعلق مشاركتها فيها مجددا.",
                f"وقد وجهت {self.city('tashkent')} في {self.month_year(D(2012, 6, 28))} مذكرة رسمية إلى المنظمة تعلن فيها تعليق مشاركتها في أنشطتها، وفي {self.month(12)} من العام نفسه أقر مجلس الأمن الجماعي قرارا بتعليق عضوية {self.state('uzbekistan')}.",
                f"وعادت {self.city('tashkent')} إلى المنظمة {self.year_phrase(2006)} في عهد {self.intro(w.holder('president', 'uzbekistan', 2006))}، بعد أن كانت قد انسحبت من المعاهدة {self.year_phrase(1999)}.",
                f"ولم يتغير هذا الموقف في عهد {self.intro(w.holder('president', 'uzbekistan', max(y, 2017)))}، الذي عمل على توسيع الشراكة الثنائية مع {self.state('russia')}.",
            ]
            title = f"{self.state('uzbekistan')} باقية خارج منظمة معاهدة الأمن الجماعي"
            self.slug = f"uzbekistan-csto-suspension-{y}"
        return title, paras

    def crisis(self) -> tuple[str, list[str]]:
        rng, w = self.rng, self.world
        if rng.random() < 0.35:
            start = D(2022, 1, 2)
            self.set_pub(start + dt.timedelta(days=rng.randint(4, 800)))
            y = self.year
            president = w.leader("kazakhstan", 2022)
            paras = [
                f"تعود الأزمة إلى {self.full_date(start)}، حين خرج سكان مدينة {self.city('zhanaozen')} في غرب البلاد إلى الشوارع احتجاجا على رفع أسعار الغاز المسال، قبل أن تمتد الاحتجاجات إلى مدن أخرى وتتحول في {self.city('almaty')} إلى أعمال عنف.",
                f"ووجه {self.intro(president)} في {self.full_date(D(2022, 1, 5))} طلبا إلى قادة دول المنظمة لمساعدة بلاده في مواجهة ما وصفه بالتهديد الإرهابي، استنادا إلى المادة الرابعة من معاهدة الأمن الجماعي.",
                f"وبدأ نشر القوات في {self.full_date(D(2022, 1, 6))}، وبلغ قوامها نحو {self.num(2030)} عسكريا من {self.members_list(['russia', 'belarus', 'armenia', 'tajikistan', 'kyrgyzstan'])}.",
                f"وأعلنت وزارة الدفاع {self.nisba('russia', True)} لاحقا اكتمال انسحاب وحدات قوات حفظ السلام الجماعية التابعة لمنظمة معاهدة الأمن الجماعي من {self.state('kazakhstan')}.",
            ]
            if rng.random() < 0.5 and self.world.ref.has("person/andrei-serdyukov"):
                paras.append(f"وقال قائد قوات حفظ السلام الجماعية العقيد أول {self.name_of(self._known('andrei-serdyukov'))} إن المهمة أنجزت بالكامل.")
            title = "قوات «الأمن الجماعي» في كازاخستان: مهمة استمرت أسبوعين"
            self.slug = f"kazakhstan-unrest-{y}"
            return title, paras
        self.random_pub()
        y = self.year
        state = zipf_pick(rng, ["kyrgyzstan", "tajikistan", "armenia", "kazakhstan", "belarus"], 0.8)
        cities = [c.key for c in w.ref.cities_of(state) if c.key != CAPITALS.get(state)] or [CAPITALS[state]]
        city = rng.choice(cities)
        day = self.pub - dt.timedelta(days=rng.randint(1, 20))
        leader = w.leader(state, y)
        paras = [self.pick(
            lambda: f"شهدت مدينة {self.city(city)} {self.nisba(state, True)} {self.when(day)} احتجاجات واسعة على تردي الأوضاع المعيشية، سرعان ما تحولت إلى أعمال عنف.",
            lambda: f"اندلعت {self.when(day)} اشتباكات حدودية في محيط مدينة {self.city(city)} على حدود {self.state(state)}، أسفرت عن سقوط عدد من القتلى والجرحى.",
        )]
        paras.append(self.pick(
            lambda: "وتتابع منظمة معاهدة الأمن الجماعي تطورات الوضع عن كثب، فيما دعت الأمانة العامة للمنظمة إلى ضبط النفس.",
            lambda: f"وأعربت الأمانة العامة لمنظمة معاهدة الأمن الجماعي عن قلقها من التطورات، مؤكدة استعدادها لتقديم الدعم {with_clitic('ل', self.state(state))} إذا طلبت ذلك.",
        ))
        if rng.random() < 0.5:
            paras.append(f"وطلب {self.intro(leader)} المساعدة من منظمة معاهدة الأمن الجماعي، مستندا إلى المادة الرابعة من معاهدة الأمن الجماعي.")
            paras.append(self.pick(
                lambda: f"وقرر مجلس الأمن الجماعي إرسال قوات حفظ سلام جماعية إلى {self.state(state)} لفترة محدودة بهدف تحقيق الاستقرار.",
                lambda: f"غير أن المنظمة امتنعت عن إرسال قوات، واكتفت بإيفاد بعثة إلى {self.city(CAPITALS[state])} لتقييم الوضع.",
            ))
        else:
            paras.append(f"وأعلن {self.intro(w.holder('spokes_mfa', state, y))} أن السلطات تسيطر على الوضع، وأن الحياة بدأت تعود إلى طبيعتها.")
        paras.append(self.quote(self.tail_person(("expert", "general"))))
        title = f"توتر في {self.city(city)} و«الأمن الجماعي» تراقب الوضع"
        self.slug, self.dateline = f"unrest-{city}-{y}", CAPITALS[state]
        return title, paras

    def _known(self, key: str) -> Person:
        entry = self.world.ref.get(f"person/{key}")
        return Person(entry.id, (entry.label, *entry.aliases), False, "general", "state/russia")

    def exercise(self) -> tuple[str, list[str]]:
        rng, w = self.rng, self.world
        self.random_pub()
        y = self.year
        state = zipf_pick(rng, list(CORE), 0.7)
        cities = [c.key for c in w.ref.cities_of(state)] or [CAPITALS[state]]
        city = rng.choice(cities)
        name = f"{rng.choice(EXERCISES)}-{self.num(y)}"
        paras = [
            f"انطلقت {self.when(self.pub - dt.timedelta(days=rng.randint(0, 3)))} في محيط مدينة {self.city(city)} {self.nisba(state, True)} تدريبات «{name}» المشتركة لقوات الرد السريع الجماعية التابعة لمنظمة معاهدة الأمن الجماعي.",
            f"ويشارك في المناورات نحو {self.num(rng.randint(10, 40) * 100)} عسكري من الدول الأعضاء، إلى جانب مئات القطع من المعدات العسكرية والطائرات.",
        ]
        chief = w.org_person("js_chief", "organization/csto", y)
        if chief:
            paras.append(f"ويشرف على التدريبات {self.intro(chief)}، الذي أكد أن {rng.choice(CLAIMS)}.")
        paras.append(f"وأوضح {self.intro(w.holder('dm', state, y))} أن بلاده أعدت كل الظروف اللازمة لإنجاح التدريبات.")
        paras.append(self.quote(self.tail_person(("general", "cgs", "spokes_mod"))))
        title = f"مناورات «{name}» لـ«الأمن الجماعي» في {self.city(city)}"
        self.slug, self.dateline = f"csto-exercise-{city}-{y}", CAPITALS[state]
        return title, paras

    # -- assembly --------------------------------------------------------------------------------

    KINDS: tuple[tuple[str, int], ...] = (
        ("summit", 22), ("fm", 12), ("dm", 10), ("cssc", 5), ("talks", 15), ("secretary_general", 7),
        ("history", 7), ("membership_crisis", 6), ("crisis", 9), ("exercise", 7),
    )

    def write(self) -> tuple[str, str, int]:
        """(file stem, text, body words) of article k."""
        rng = self.rng
        kinds, weights = zip(*self.KINDS)
        kind = rng.choices(kinds, weights)[0]
        if kind == "summit":
            title, core = self.summit()
        elif kind in ("fm", "dm", "cssc"):
            title, core = self.council(kind)
        elif kind == "secretary_general":
            title, core = self.secretary_general()
        else:
            title, core = getattr(self, kind)()
        target = int(rng.triangular(MIN_WORDS, MAX_WORDS, 250))
        words = sum(len(p.split()) for p in core)
        while words > MAX_WORDS - 30 and len(core) > 2:
            words -= len(core.pop().split())
        closing = self.membership_paragraph() if rng.random() < 0.65 else None
        words += len(closing.split()) if closing else 0
        extras = self.context_paragraphs()
        for paragraph in extras:
            if words >= target:
                break
            size = len(paragraph.split())
            if words + size <= MAX_WORDS:
                core.insert(rng.randint(1, len(core)), paragraph)
                words += size
        while words < MIN_WORDS:
            sentence = self.filler()
            core.append(sentence)
            words += len(sentence.split())
        if closing:
            core.append(closing)
        lines = [title, ""]
        r = rng.random()
        dateline = self.city(self.dateline or CAPITALS[rng.choice(("russia", "russia", "kazakhstan", "belarus", "armenia"))])
        if r < 0.1:  # a date line under the title, as scraped pages have
            lines += [f"{self.num(self.pub.day)} {self.month(self.pub.month)} {self.num(self.pub.year)}", ""]
        elif r < 0.22:
            lines += [f"{dateline} - {rng.choice(('وكالات', self.footer_source))}", ""]
        elif r < 0.45 and not core[0].startswith(dateline):
            core[0] = f"{dateline} - {core[0]}"
        for paragraph in core:
            lines += [paragraph, ""]
        footer = []
        if rng.random() < 0.4:
            footer.append(f"المصدر: {self.footer_source}")
        if rng.random() < 0.1:
            footer.insert(0, f"الصورة: {rng.choice(('أرشيف', 'وكالات', 'الأمانة العامة للمنظمة'))}")
        body = "\n".join(lines + footer).rstrip("\n") + "\n"
        if rng.random() < 0.08:  # a vowel sign or a tatweel inside a word the extractor looks for
            plain, marked = rng.choice(MARKED_WORDS)
            at = body.find(plain, len(title) + 1)
            if at >= 0:
                body = body[:at] + marked + body[at + len(plain):]
        # People of the extra paragraphs left out are not in the article.
        self.people = {k: p for k, p in self.people.items() if any(n in body for n in p.names) or (p.known and p.surname in body)}
        front = (
            "---\n"
            f"url: https://example.org/csto-kg/synthetic/{self.world.seed}/{self.k:06d}\n"
            f"published: {self.pub.isoformat()}\n"
            f"title: {json.dumps(title, ensure_ascii=False)}\n"
            f"source: {_yaml_plain(self.source)}\n"
            "---\n"
        )
        stem = f"{self.k:06d}_{self.slug}"
        return stem, front + body, len(body.split())


def _yaml_plain(text: str) -> str:
    """A YAML scalar written plain when that is safe (as the bundled articles write `source`)."""
    if text[:1] in "\"'&*!|>%@`#{[-?:" or ": " in text or " #" in text:
        return json.dumps(text, ensure_ascii=False)
    return text


# == command line =================================================================================


def generate(n: int, seed: int, out: Path) -> tuple[int, int, int, int]:
    """Write articles 1..n into `out`; returns (files, words, distinct known, distinct invented people)."""
    world = World(seed)
    out.mkdir(parents=True, exist_ok=True)
    stale = sum(1 for f in out.glob("*.txt") if f.name[:6].isdigit() and int(f.name.split("_", 1)[0]) > n)
    if stale:
        print(f"warning: {out} already holds {stale} article file(s) numbered above {n}; they are left as they are")
    words = 0
    people: set[str] = set()
    for k in range(1, n + 1):
        writer = ArticleWriter(world, k)
        stem, text, count = writer.write()
        (out / f"{stem}.txt").write_text(text, encoding="utf-8", newline="\n")
        words += count
        people.update(writer.people)
    known = sum(1 for p in people if not p.startswith("new/"))
    return n, words, known, len(people) - known


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, metavar="N", help="how many articles to write")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the article files into")
    options = parser.parse_args(argv)
    if options.n < 1:
        parser.error("N must be at least 1")
    start = time.perf_counter()
    files, words, known, invented = generate(options.n, options.seed, options.out)
    elapsed = time.perf_counter() - start
    print(f"{files} articles in {options.out}: {words} words ({words / files:.0f} per article), "
          f"{known + invented} distinct people ({known} known, {invented} invented); seed {options.seed}, {elapsed:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
