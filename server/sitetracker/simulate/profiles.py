"""Who the simulated shoppers are: browsers, places, where they came from, what is for sale.

Pure data and the draws from it; no I/O. The mix follows a typical online store:
about 55% of shoppers on phones, 40% on desktops, 5% on tablets, a few bots (which
the server must drop), 15% whose live connection never comes up (beacons only) and 30%
returning with a visitor id they used before.

Every IP address below resolves, in the GeoLite2-City database shipped with the
``maxminddb-geolite2`` package (the server's default), to the country and city named
next to it, with coordinates; the tests check each one.
"""

from __future__ import annotations

import random
import string
import threading
from dataclasses import dataclass

MOBILE, DESKTOP, TABLET, BOT = "mobile", "desktop", "tablet", "bot"
BOT_SHARE = 0.03
BEACON_ONLY_SHARE = 0.15
RETURNING_SHARE = 0.30
ID_ALPHABET = string.ascii_letters + string.digits + "_-"


@dataclass(frozen=True)
class Browser:
    kind: str  # MOBILE, DESKTOP, TABLET or BOT
    weight: float
    user_agent: str


_CHROME = "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0"
_IOS = "AppleWebKit/605.1.15 (KHTML, like Gecko)"
BROWSERS: tuple[Browser, ...] = (
    # Phones: iPhone Safari leads, then Android Chrome, Samsung and in-app browsers.
    Browser(MOBILE, 19, f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) {_IOS} "
                        "Version/17.4.1 Mobile/15E148 Safari/604.1"),
    Browser(MOBILE, 6, f"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) {_IOS} "
                       "Version/16.6 Mobile/15E148 Safari/604.1"),
    Browser(MOBILE, 3, f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) {_IOS} "
                       "CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1"),
    Browser(MOBILE, 3, f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) {_IOS} "
                       "Mobile/15E148 Instagram 326.0.3.30.91 (iPhone15,3; iOS 17_4; en_US; "
                       "en; scale=3.00; 1290x2796; 584393434)"),
    Browser(MOBILE, 2, f"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) {_IOS} "
                       "Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.39.108;FBBV/584021372;"
                       "FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBLC/en_US;FBOP/5]"),
    Browser(MOBILE, 11, f"Mozilla/5.0 (Linux; Android 10; K) {_CHROME} Mobile Safari/537.36"),
    Browser(MOBILE, 5, "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, "
                       "like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"),
    Browser(MOBILE, 3, "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
                       "like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36"),
    Browser(MOBILE, 3, "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, "
                       "like Gecko) Chrome/123.0.6312.118 Mobile Safari/537.36"),
    # Desktops: Chrome on Windows and macOS, Safari, Edge, Firefox, a little Linux.
    Browser(DESKTOP, 14, f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {_CHROME} Safari/537.36"),
    Browser(DESKTOP, 5, f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) {_CHROME} Safari/537.36 "
                        "Edg/124.0.2478.80"),
    Browser(DESKTOP, 3, "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 "
                        "Firefox/125.0"),
    Browser(DESKTOP, 7, f"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) {_CHROME} "
                        "Safari/537.36"),
    Browser(DESKTOP, 6, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                        "(KHTML, like Gecko) Version/17.4.1 Safari/605.1.15"),
    Browser(DESKTOP, 2, "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) "
                        "Gecko/20100101 Firefox/125.0"),
    Browser(DESKTOP, 2, f"Mozilla/5.0 (X11; Linux x86_64) {_CHROME} Safari/537.36"),
    Browser(DESKTOP, 1, "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 "
                        "Firefox/125.0"),
    # Tablets.
    Browser(TABLET, 4, f"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) {_IOS} Version/17.4 "
                       "Mobile/15E148 Safari/604.1"),
    Browser(TABLET, 1, f"Mozilla/5.0 (Linux; Android 13; SM-X710) {_CHROME} Safari/537.36"),
)

BOTS: tuple[Browser, ...] = (
    Browser(BOT, 4, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    Browser(BOT, 3, "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/"
                    "537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 "
                    "(compatible; Googlebot/2.1; +http://www.google.com/bot.html)"),
    Browser(BOT, 2, "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "HeadlessChrome/124.0.0.0 Safari/537.36"),
    Browser(BOT, 1, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"),
)


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, as the geo database answers
    weight: float
    places: tuple[tuple[str, str], ...]  # (IP address, the city it resolves to)


COUNTRIES: tuple[Country, ...] = (
    Country("US", 30, (("24.18.176.63", "Seattle"), ("70.138.80.63", "Houston"),
                       ("24.148.64.63", "Chicago"), ("38.66.128.66", "New York"),
                       ("71.232.48.60", "Boston"), ("68.71.128.60", "Denver"),
                       ("50.136.128.81", "San Francisco"), ("172.90.224.75", "Los Angeles"))),
    Country("GB", 9, (("109.175.160.60", "London"), ("92.13.176.72", "Birmingham"),
                      ("132.185.192.72", "Manchester"), ("31.53.132.63", "Bristol"),
                      ("141.170.0.57", "Leeds"), ("81.105.128.63", "Glasgow"))),
    Country("CA", 7, (("99.241.208.63", "Toronto"), ("24.84.32.69", "Vancouver"),
                      ("132.205.0.66", "Montreal"), ("70.26.8.60", "Ottawa"),
                      ("68.144.160.63", "Calgary"))),
    Country("DE", 6, (("46.28.184.93", "Frankfurt am Main"), ("141.84.64.60", "Munich"),
                      ("144.41.160.69", "Stuttgart"), ("37.4.64.63", "Hamburg"),
                      ("77.3.32.60", "Berlin"))),
    Country("AU", 5, (("202.93.96.60", "Sydney"), ("131.181.16.66", "Brisbane"),
                      ("130.116.160.57", "Perth"), ("58.175.128.66", "Adelaide"),
                      ("124.188.48.69", "Melbourne"))),
    Country("FR", 4, (("5.48.96.57", "Paris"), ("140.77.128.54", "Lyon"),
                      ("82.66.128.57", "Lille"), ("130.120.192.66", "Toulouse"),
                      ("81.64.76.66", "Bordeaux"))),
    Country("NL", 2.5, (("80.113.224.69", "Amsterdam"), ("145.24.128.69", "Rotterdam"),
                        ("83.84.64.69", "The Hague"), ("143.121.192.63", "Utrecht"))),
    Country("ES", 2.5, (("80.37.224.69", "Barcelona"), ("47.60.0.60", "Madrid"),
                        ("212.111.96.66", "Valencia"), ("90.171.0.63", "Seville"))),
    Country("IT", 2.5, (("150.146.0.54", "Rome"), ("2.226.0.60", "Naples"),
                        ("151.20.0.57", "Milan"), ("130.192.64.57", "Turin"))),
    Country("BR", 3, (("189.93.0.69", "São Paulo"), ("139.82.32.84", "Rio de Janeiro"),
                      ("164.41.32.66", "Brasília"), ("200.238.128.66", "Curitiba"))),
    Country("IN", 3, (("115.110.208.69", "Bengaluru"), ("101.219.48.63", "Kolkata"),
                      ("120.56.112.57", "Delhi"), ("210.7.64.69", "New Delhi"))),
    Country("JP", 2, (("219.196.64.57", "Tokyo"), ("27.85.64.57", "Osaka"),
                      ("27.92.128.66", "Yokohama"), ("133.68.64.60", "Nagoya"))),
    Country("MX", 2, (("187.161.152.69", "Monterrey"), ("148.233.224.75", "Mexico City"),
                      ("187.245.224.75", "Guadalajara"), ("201.142.244.60", "Puebla"))),
    Country("SE", 1.5, (("130.28.0.69", "Stockholm"), ("62.88.160.72", "Gothenburg"),
                        ("161.52.128.57", "Malmo"), ("78.76.64.63", "Uppsala"))),
    Country("IE", 1.5, (("89.124.128.60", "Dublin"), ("87.41.192.54", "Cork"),
                        ("140.203.128.60", "Galway"), ("79.97.54.66", "Limerick"))),
    Country("PL", 1.5, (("37.233.96.60", "Warsaw"), ("149.156.224.60", "Krakow"),
                        ("62.21.0.60", "Poznan"))),
    Country("CH", 1.2, (("212.126.160.60", "Zurich"), ("144.85.0.60", "Geneva"),
                        ("84.73.128.54", "Bern"), ("84.75.56.57", "Basel"))),
    Country("BE", 1.2, (("84.196.120.63", "Antwerp"), ("94.111.224.66", "Brussels"),
                        ("78.20.196.57", "Ghent"), ("85.26.88.57", "Liège"))),
    Country("NZ", 1.2, (("58.28.96.66", "Auckland"), ("139.80.152.72", "Wellington"),
                        ("121.72.32.78", "Christchurch"))),
    Country("AT", 1, (("84.114.224.60", "Vienna"), ("85.237.8.54", "Graz"),
                      ("80.110.152.54", "Linz"), ("85.127.96.66", "Salzburg"))),
    Country("DK", 1, (("80.166.192.72", "Copenhagen"), ("85.81.160.60", "Odense"),
                      ("84.238.64.60", "Aarhus"))),
    Country("NO", 1, (("57.86.96.54", "Oslo"), ("158.38.32.69", "Trondheim"),
                      ("129.177.192.60", "Bergen"))),
    Country("PT", 1, (("176.79.64.57", "Porto"), ("109.49.128.60", "Lisbon"),
                      ("89.153.64.57", "Braga"))),
    Country("SG", 1, (("27.104.128.69", "Singapore"), ("14.1.112.41", "Singapore"),
                      ("27.54.40.77", "Singapore"), ("36.255.124.90", "Singapore"))),
    Country("ZA", 1, (("41.1.32.69", "Cape Town"), ("41.181.0.78", "Johannesburg"),
                      ("146.64.128.66", "Pretoria"), ("41.85.32.60", "Durban"))),
    Country("AE", 1, (("5.31.96.57", "Dubai"), ("5.194.160.69", "Abu Dhabi"),
                      ("2.48.208.63", "Sharjah"))),
    Country("KR", 1, (("161.122.0.57", "Seoul"), ("119.196.128.63", "Incheon"),
                      ("27.35.128.57", "Busan"))),
    Country("FI", 0.7, (("82.133.128.66", "Helsinki"), ("130.232.16.57", "Turku"),
                        ("62.248.216.57", "Espoo"), ("88.115.200.63", "Tampere"))),
    Country("AR", 0.8, (("181.28.64.78", "Buenos Aires"), ("152.169.0.63", "Córdoba"),
                        ("190.193.200.63", "Rosario"))),
    Country("CL", 0.6, (("190.21.128.66", "Santiago"), ("64.76.138.70", "Antofagasta"),
                        ("45.225.43.60", "Temuco"))),
    Country("CO", 0.6, (("181.148.192.60", "Bogotá"), ("181.136.192.66", "Medellín"),
                        ("131.108.168.66", "Santiago de Cali"))),
    Country("PH", 1, (("112.200.66.60", "Manila"), ("112.210.104.69", "Cebu City"),
                      ("49.147.130.75", "Quezon City"))),
    Country("TR", 0.8, (("155.223.128.57", "Izmir"), ("78.161.160.60", "Ankara"),
                        ("212.156.160.66", "Istanbul"))),
)


@dataclass(frozen=True)
class Product:
    slug: str
    collection: str
    price: float
    weight: float  # how often shoppers look at it


CATALOGUE: tuple[Product, ...] = (
    Product("trail-runner-sneaker", "shoes", 89.0, 9),
    Product("classic-leather-boot", "shoes", 149.0, 6),
    Product("canvas-low-top", "shoes", 59.0, 7),
    Product("suede-chelsea-boot", "shoes", 169.0, 3),
    Product("linen-tote-bag", "bags", 39.0, 5),
    Product("leather-weekender", "bags", 229.0, 2),
    Product("mini-crossbody", "bags", 79.0, 4),
    Product("merino-beanie", "accessories", 29.0, 4),
    Product("wool-scarf", "accessories", 45.0, 3),
    Product("cotton-socks-3-pack", "accessories", 18.5, 5),
    Product("aviator-sunglasses", "accessories", 95.0, 3),
    Product("waxed-rain-jacket", "outerwear", 189.0, 4),
    Product("quilted-vest", "outerwear", 119.0, 3),
    Product("down-parka", "outerwear", 279.0, 2),
)
COLLECTIONS = ("shoes", "bags", "accessories", "outerwear", "new-arrivals", "sale")


@dataclass(frozen=True)
class Source:
    """Where a visit comes from: the referrer and the query its landing page carries."""

    name: str
    weight: float
    referrer: str  # "" when the browser sends none (direct, e-mail apps)
    query: str
    landing: str  # "home", "collection" or "product"


SOURCES: tuple[Source, ...] = (
    Source("google", 33, "https://www.google.com/", "", "product"),
    Source("direct", 24, "", "", "home"),
    Source("instagram", 12, "https://l.instagram.com/",
           "utm_source=instagram&utm_medium=social&utm_campaign=spring_drop", "product"),
    Source("facebook", 10, "https://l.facebook.com/",
           "utm_source=facebook&utm_medium=paid_social&utm_campaign=retargeting", "product"),
    Source("newsletter", 10, "",
           "utm_source=newsletter&utm_medium=email&utm_campaign=weekly_picks", "collection"),
    Source("bing", 4, "https://www.bing.com/", "", "collection"),
    Source("pinterest", 4, "https://www.pinterest.com/", "", "product"),
    Source("tiktok", 3, "https://www.tiktok.com/",
           "utm_source=tiktok&utm_medium=social&utm_campaign=creator_collab", "product"),
)


@dataclass(frozen=True)
class Profile:
    """One shopper's browser and identity for one visit."""

    browser: Browser
    country: str
    ip: str
    visitor: str
    session: str
    returning: bool
    live_connection: bool  # False: the socket never comes up, beacons only
    source: Source

    @property
    def is_bot(self) -> bool:
        return self.browser.kind == BOT


def new_id(rng: random.Random, length: int = 22) -> str:
    """A random id of the shape the widget makes (``[A-Za-z0-9_-]``)."""
    return "".join(rng.choice(ID_ALPHABET) for _ in range(length))


class VisitorPool:
    """Visitor ids of shoppers who left, for their returning visits (bounded; thread-safe).

    An id is taken out while its shopper is on the site, so no visitor is live twice.
    """

    def __init__(self, size: int = 1000) -> None:
        self.size = size
        self._ids: list[str] = []
        self._lock = threading.Lock()

    def take(self, rng: random.Random) -> str | None:
        with self._lock:
            if not self._ids:
                return None
            index = rng.randrange(len(self._ids))
            self._ids[index], self._ids[-1] = self._ids[-1], self._ids[index]
            return self._ids.pop()

    def give(self, visitor: str) -> None:
        with self._lock:
            if len(self._ids) < self.size:
                self._ids.append(visitor)


def draw(rng: random.Random, pool: VisitorPool | None = None,
         bot_share: float = BOT_SHARE) -> Profile:
    """A shopper. Returning shoppers reuse an id from ``pool`` when it has one (else they
    came back from before the simulation began: a fresh id, still returning)."""
    visitor = None
    if rng.random() < bot_share:
        browser = rng.choices(BOTS, [b.weight for b in BOTS])[0]
        returning = False
    else:
        browser = rng.choices(BROWSERS, [b.weight for b in BROWSERS])[0]
        returning = rng.random() < RETURNING_SHARE
        if returning and pool is not None:
            visitor = pool.take(rng)
    country = rng.choices(COUNTRIES, [c.weight for c in COUNTRIES])[0]
    return Profile(
        browser=browser,
        country=country.code,
        ip=rng.choice(country.places)[0],
        visitor=visitor or new_id(rng),
        session=new_id(rng),
        returning=returning,
        live_connection=rng.random() >= BEACON_ONLY_SHARE,
        source=rng.choices(SOURCES, [s.weight for s in SOURCES])[0],
    )


def pick_product(rng: random.Random, collection: str | None = None) -> Product:
    pool = [p for p in CATALOGUE if collection in (None, p.collection)] or list(CATALOGUE)
    return rng.choices(pool, [p.weight for p in pool])[0]
