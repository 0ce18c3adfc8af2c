"""The map page at ``/`` (src/frontwatch/web/static) in a real browser: Playwright driving the
system's Chromium (``/usr/bin/chromium``; a browser is never downloaded), against the API served
by uvicorn in a background thread over a store built here.

The store: six events from sentences written for this test, each claim with its evidence spans
at document offsets (the sentence is not at the start of its document; one has an emoji before
its spans, so UTF-16 and code-point offsets differ), one story of three claims, and a strike whose
document text, outlet, claimant and URL are hostile. Control maps of two days are imported.

Skipped, with the reason, when the ``playwright`` package or Chromium is missing (pytest -rs).
Screenshots go to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install -e '.[test]')"
)

CHROMIUM = os.environ.get("FRONTWATCH_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"Chromium not found ({CHROMIUM}): the browser tests need it (apt-get install chromium)",
        allow_module_level=True,
    )

import uvicorn  # noqa: E402

from frontwatch.api import create_app  # noqa: E402
from frontwatch.control import import_maps  # noqa: E402
from frontwatch.ledger import Ledger  # noqa: E402
from frontwatch.models import Evidence, Span  # noqa: E402
from frontwatch.store import Store  # noqa: E402
from test_ledger import add, claim, doc  # noqa: E402

ARTIFACTS = Path(__file__).parent / "artifacts"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_URL = "javascript:alert(document.cookie)"
HOSTILE_SENTENCE = f"{SCRIPT} Russian forces shelled Kramatorsk on March 5, {IMG} the governor said."
HOSTILE_CLAIMANT = f"Vadym {IMG} Filashkin"

AVDIIVKA = (48.12787, 37.77046)
MARINKA = (47.94, 37.50)
KRAMATORSK = (48.72588, 37.572)
KUPIANSK = (49.7106, 37.6156)
KHERSON = (46.6354, 32.6169)
BAKHMUT = (48.5956, 38.0003)


def said(cid: str, action: str, when: str, sentence: str, intro: str, spans: dict[str, str], **kw: Any):
    """A claim whose evidence is ``sentence`` inside the document ``intro + sentence``, with the
    spans (trigger, location, date) at their offsets in the document, as extraction writes them;
    and the document's text."""
    made = claim(cid, action, when, sentence=sentence, **kw)
    start = len(intro)
    found = {}
    for key, text in spans.items():
        i = sentence.index(text)
        found[key] = Span(text=text, start=start + i, end=start + i + len(text))
    evidence = Evidence(sentence=sentence, start=start, end=start + len(sentence), spans=found)
    return made.model_copy(update={"evidence": evidence}), intro + sentence


def build(path: Path) -> str:
    url = str(path)
    items = []

    def report(
        doc_id: str, source: str, published: str, cid: str, action: str, when: str, sentence: str, spans, **kw
    ):
        intro = kw.pop("intro", f"{source} wire, {published}. ")
        web = kw.pop("url", None)
        c, text = said(cid, action, when, sentence, intro, spans, **kw)
        d = doc(doc_id, source, published, text=text)
        if web:
            d = d.model_copy(update={"url": web})
        items.append((d, [c]))

    report(
        "bakhmut-1", "Suspilne", "2024-01-06", "c_bakhmut", "clash", "2024-01-05",
        "Ukrainian and Russian troops clashed near Bakhmut on January 5, the General Staff said.",
        {"trigger": "clashed near Bakhmut on January 5", "location": "Bakhmut", "date": "January 5"},
        place=BAKHMUT, name="Bakhmut", claimant="General Staff", cside="ukraine", verification="disputed",
    )  # fmt: skip
    report(
        "kupiansk-1", "Kharkiv Today", "2024-01-21", "c_kupiansk", "air_strike", "2024-01-20",
        "🚀 Russian aircraft struck Kupiansk on January 20, the regional administration said.",
        {"trigger": "struck Kupiansk on January 20", "location": "Kupiansk", "date": "January 20"},
        intro="📰 Kharkiv, January 21. ", url="https://news.example/kupiansk-0120",
        place=KUPIANSK, name="Kupiansk", claimant="regional administration", cside="ukraine", actors="ru,civ",
    )  # fmt: skip
    report(
        "marinka-1", "TASS", "2024-02-02", "c_marinka", "advance", "2024-02-01",
        "Russian units advanced west of Marinka on February 1, the Defence Ministry said.",
        {"trigger": "advanced west of Marinka on February 1", "location": "Marinka", "date": "February 1"},
        place=MARINKA, name="Marinka",
    )  # fmt: skip
    report(
        "tass-1", "TASS", "2024-02-10", "c_adv", "advance", "2024-02-10",
        "Russian troops advanced towards Avdiivka on February 10, the Russian Defense Ministry said.",
        {"trigger": "advanced towards Avdiivka on February 10", "location": "Avdiivka", "date": "February 10"},
    )  # fmt: skip
    report(
        "tass-2", "TASS", "2024-02-17", "c_cap", "capture", "2024-02-17",
        "Russian forces captured the town of Avdiivka on February 17, the Russian Defense Ministry said.",
        {"trigger": "captured the town of Avdiivka on February 17", "location": "Avdiivka", "date": "February 17"},
    )  # fmt: skip
    report(
        "ukr-1", "Ukrinform", "2024-02-17", "c_wd", "withdraw", "2024-02-17",
        "Ukrainian troops withdrew from Avdiivka on February 17, Oleksandr Syrskyi said.",
        {"trigger": "withdrew from Avdiivka on February 17", "location": "Avdiivka", "date": "February 17"},
        actors="ua", claimant="Oleksandr Syrskyi", cside="ukraine",
    )  # fmt: skip
    report(
        "evil-1", IMG, "2024-03-06", "c_evil", "shelling", "2024-03-05", HOSTILE_SENTENCE,
        {"trigger": "shelled Kramatorsk on March 5", "location": "Kramatorsk", "date": "March 5"},
        intro=f"Report {SCRIPT} from nowhere. ", url=HOSTILE_URL,
        actors="ru,civ", claimant=HOSTILE_CLAIMANT, cside="ukraine", place=KRAMATORSK, name="Kramatorsk",
    )  # fmt: skip
    report(
        "kherson-1", "Kherson Herald", "2024-03-21", "c_kherson", "attack", "2024-03-20",
        "Russian soldiers attacked civilians in Kherson on March 20, prosecutors said.",
        {"trigger": "attacked civilians in Kherson on March 20", "location": "Kherson", "date": "March 20"},
        actors="ru,civ", claimant="prosecutors", cside="ukraine", place=KHERSON, name="Kherson", admin1="Kherson",
    )  # fmt: skip
    with Store(url) as store:
        add(store, *items)
        Ledger(store).update()
    # control maps of two days: Avdiivka falls in between
    maps = path.parent / "maps"
    maps.mkdir(exist_ok=True)
    for day, east in (("2024-02-01", 37.90), ("2024-02-15", 37.70)):
        ring = [[east, 47.9], [39.0, 47.9], [39.0, 48.45], [east, 48.45], [east, 47.9]]
        feature = {
            "type": "Feature",
            "properties": {"status": "occupied"},
            "geometry": {"type": "Polygon", "coordinates": [ring]},
        }
        (maps / f"map-{day}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "date": day, "features": [feature]}), encoding="utf-8"
        )
    with Store(url) as store:
        import_maps(store, [maps], map_name="testmap")
    return url


# -- the server and the browser ------------------------------------------------------------------------


@contextmanager
def serving(db: str) -> Iterator[str]:
    """The app over ``db`` in uvicorn on a free port in a background thread: its base URL."""
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{srv.servers[0].sockets[0].getsockname()[1]}"
    finally:
        srv.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(build(tmp_path_factory.mktemp("web") / "web.db")) as base:
        yield base


def api(base: str, path: str) -> Any:
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.loads(r.read().decode("utf-8"))


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    b = playwright.chromium.launch(executable_path=CHROMIUM)
    yield b
    b.close()


class Watch:
    """What a page did that it must not: dialogs (alert), script errors, CSP violations."""

    def __init__(self, page: Any) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.console: list[str] = []
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.console.append(m.text) if m.type == "error" else None)
        page.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def clean(self, page: Any) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        assert page.evaluate("window.__csp") == []
        assert [m for m in self.console if "Content Security Policy" in m] == []


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.watch = Watch(pg)
    yield pg
    context.close()


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("body[data-list-state='ready']")
    page.wait_for_selector("body[data-map-state='ready']")


def list_ids(page: Any) -> list[str]:
    return page.eval_on_selector_all("[data-testid=event-item]", "els => els.map(e => e.dataset.eventId)")


def shot(page: Any, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


# -- the tests -----------------------------------------------------------------------------------------


def test_the_page_lists_every_event_and_draws_the_map(page: Any, server: str) -> None:
    expected = api(server, "/api/events?limit=1000")
    assert expected["total"] == 6  # Avdiivka's three claims are one event
    open_page(page, server + "/")
    assert list_ids(page) == [e["event_id"] for e in expected["items"]]
    assert page.text_content("[data-testid=event-count]") == "Showing 6 of 6 events"
    assert page.get_attribute("body", "data-map-events") == "6"
    assert page.locator("#map canvas.maplibregl-canvas").count() == 1
    # the legend names every status; the front line of the last day is drawn from the maps
    legend = page.text_content("#legend")
    for status in (
        "single source",
        "corroborated",
        "confirmed by adversary",
        "confirmed by map",
        "disputed",
        "superseded",
    ):
        assert status in legend
    page.wait_for_selector("body[data-front='2024-02-15']")
    assert "testmap of 2024-02-15" in page.text_content("#legend-front")
    assert page.get_attribute("body", "data-areas") == "1"  # the Russian-held area of that day, filled
    assert "front line and held areas" in page.text_content("#legend-front")
    page.wait_for_timeout(500)  # let the map paint its tiles
    shot(page, "web-1280.png")
    page.watch.clean(page)


def test_an_item_opens_the_card_with_the_spans_marked(page: Any, server: str) -> None:
    open_page(page, server + "/")
    avdiivka = page.locator("[data-testid=event-item]", has_text="Avdiivka")
    avdiivka.click()
    card = page.locator("[data-testid=event-card]")
    card.wait_for(state="visible")
    page.wait_for_selector("[data-testid=event-card][data-claims='ready']")
    text = card.text_content()
    assert "confirmed by adversary" in text
    assert "Oleksandr Syrskyi (ukraine)" in text and "Ukrinform" in text and "TASS" in text
    claimants = card.locator("article.claim dd").all_text_contents()
    assert claimants.count("Russian Defense Ministry (russia)") == 2
    # every claim's trigger, place and date are <mark>ed where the spans say (offsets into the document)
    claims = card.locator("article.claim")
    assert claims.count() == 3
    capture = card.locator("article[data-claim-id='c_cap'] [data-testid=evidence]")
    marks = capture.evaluate("p => [...p.querySelectorAll('mark')].map(m => [m.dataset.span, m.textContent])")
    joined = lambda kind: "".join(t for k, t in marks if kind in k.split())  # noqa: E731
    assert joined("trigger") == "captured the town of Avdiivka on February 17"
    assert joined("location") == "Avdiivka"
    assert joined("date") == "February 17"
    assert (
        capture.text_content()
        == "Russian forces captured the town of Avdiivka on February 17, the Russian Defense Ministry said."
    )
    assert "event=ev_adv" in page.url
    page.watch.clean(page)


def map_idle(page: Any) -> None:
    page.evaluate(
        "() => new Promise(done => { const m = window.frontwatchPage.map; m.once('idle', done); m.triggerRepaint(); })"
    )


def test_a_point_on_the_map_opens_its_card(page: Any, server: str) -> None:
    open_page(page, server + "/")
    map_idle(page)
    lat, lon = KHERSON
    at = page.evaluate(f"() => window.frontwatchPage.map.project([{lon}, {lat}])")
    box = page.locator("#map").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    page.wait_for_selector("[data-testid=event-card][data-state='ready']")
    assert "Kherson" in page.text_content("#card-title")
    assert "civilian_harm" in page.text_content("[data-testid=event-card]")
    page.watch.clean(page)


def test_offsets_count_code_points_and_links_are_only_web_links(page: Any, server: str) -> None:
    open_page(page, server + "/")
    page.locator("[data-testid=event-item]", has_text="Kupiansk").click()
    page.wait_for_selector("[data-testid=event-card][data-claims='ready']")
    evidence = page.locator("[data-testid=event-card] [data-testid=evidence]")
    marks = evidence.evaluate("p => [...p.querySelectorAll('mark')].map(m => m.textContent)")
    # "📰 ... 🚀": two characters outside the BMP before the spans
    assert "".join(marks) == "struck Kupiansk on January 20"
    assert evidence.locator("mark[data-span~='location']").text_content() == "Kupiansk"
    link = page.locator("[data-testid=event-card] a[href]")
    assert link.count() == 1 and link.get_attribute("href") == "https://news.example/kupiansk-0120"
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    page.watch.clean(page)


def test_keyboard_opens_and_escape_closes_the_card(page: Any, server: str) -> None:
    open_page(page, server + "/")
    first = page.locator("[data-testid=event-item]").first
    first.focus()
    page.keyboard.press("ArrowDown")
    second_id = page.evaluate("document.activeElement.dataset.eventId")
    assert second_id == list_ids(page)[1]
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-testid=event-card][data-state='ready']")
    assert page.evaluate("document.activeElement.id") == "card-title"
    assert f"event={second_id}" in page.url
    page.keyboard.press("Escape")
    assert page.locator("[data-testid=event-card]").is_hidden()
    assert page.evaluate("document.activeElement.dataset.eventId") == second_id  # focus goes back
    assert "event=" not in page.url
    page.watch.clean(page)


def test_the_date_inputs_narrow_the_list_and_the_map(page: Any, server: str) -> None:
    open_page(page, server + "/")
    page.fill("#f-since", "2024-02-01")
    page.fill("#f-until", "2024-02-29")
    page.locator("#f-until").dispatch_event("change")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=event-item]').length === 2")
    page.wait_for_selector("body[data-list-state='ready']")
    expected = api(server, "/api/events?since=2024-02-01&until=2024-02-29")
    assert list_ids(page) == [e["event_id"] for e in expected["items"]]
    assert page.text_content("[data-testid=event-count]") == "Showing 2 of 2 events"
    assert page.get_attribute("body", "data-map-events") == "2"
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    assert query["since"] == ["2024-02-01"] and query["until"] == ["2024-02-29"]
    # the download links carry the same filters
    href = page.get_attribute("[data-testid=download-csv]", "href")
    assert "since=2024-02-01" in href and "until=2024-02-29" in href and "format=csv" in href
    with urllib.request.urlopen(urllib.parse.urljoin(server + "/", href)) as r:
        assert r.headers["x-total-count"] == "2"
    # the front of the brushed end date
    page.wait_for_selector("body[data-front='2024-02-15']")
    page.watch.clean(page)


def test_dragging_the_brush_narrows_the_list(page: Any, server: str) -> None:
    open_page(page, server + "/")
    box = page.locator("[data-testid=brush]").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.40, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.55, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.70, y, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URLSearchParams(location.search).has('since')")
    page.wait_for_selector("body[data-list-state='ready']")
    query = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    since, until = query["since"][0], query["until"][0]
    expected = api(server, f"/api/events?since={since}&until={until}")
    assert 0 < expected["total"] < 6
    assert list_ids(page) == [e["event_id"] for e in expected["items"]]
    assert page.get_attribute("body", "data-map-events") == str(expected["total"])
    # keyboard: End moves the range to the last days; Escape clears it
    page.locator("[data-testid=brush]").focus()
    page.keyboard.press("End")
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('until') !== '{until}'")
    page.wait_for_selector("body[data-list-state='ready']")
    assert list_ids(page)[-1] == api(server, "/api/events")["items"][-1]["event_id"]
    page.keyboard.press("Escape")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('since')")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=event-item]').length === 6")
    page.watch.clean(page)


def test_filters_and_the_selection_are_in_the_url(page: Any, server: str) -> None:
    story = api(server, "/api/events?place=Avdiivka")["items"][0]
    open_page(page, server + f"/?side=ukraine&type=ground&event={story['event_id']}")
    page.wait_for_selector("[data-testid=event-card][data-state='ready']")
    assert page.input_value("#f-side") == "ukraine" and page.input_value("#f-type") == "ground"
    expected = api(server, "/api/events?side=ukraine&type=ground")
    assert list_ids(page) == [e["event_id"] for e in expected["items"]]
    assert "Avdiivka" in page.text_content("#card-title")
    assert page.locator(f"[data-event-id='{story['event_id']}'][aria-current='true']").count() == 1
    # a change of filter lands in the URL, and a reload restores it
    page.select_option("#f-status", "confirmed_by_adversary")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).get('status') === 'confirmed_by_adversary'"
    )
    page.reload()
    page.wait_for_selector("body[data-list-state='ready']")
    page.wait_for_selector("[data-testid=event-card][data-state='ready']")
    assert page.input_value("#f-status") == "confirmed_by_adversary"
    assert list_ids(page) == [story["event_id"]]
    page.watch.clean(page)


def test_bad_values_in_the_url_are_ignored(page: Any, server: str) -> None:
    bad = urllib.parse.urlencode(
        {"since": "2024-02-30", "until": "March", "status": "rumour", "side": "martians", "event": SCRIPT}
    )
    open_page(page, server + "/?" + bad)
    assert len(list_ids(page)) == 6
    assert page.locator("[data-testid=event-card]").is_hidden()
    assert page.input_value("#f-since") == "" and page.input_value("#f-status") == ""
    assert "since=" not in page.url and "event=" not in page.url  # the URL is rewritten clean
    page.watch.clean(page)


def test_hostile_text_stays_text(page: Any, server: str) -> None:
    open_page(page, server + "/?q=Kramatorsk")
    assert len(list_ids(page)) == 1
    page.locator("[data-testid=event-item]").first.click()
    page.wait_for_selector("[data-testid=event-card][data-claims='ready']")
    card = page.locator("[data-testid=event-card]")
    text = card.text_content()
    assert HOSTILE_SENTENCE in text  # the sentence as written, tags and all, visible as text
    assert IMG in text and HOSTILE_CLAIMANT in text and HOSTILE_URL in text
    assert card.locator("mark[data-span~='location']").text_content() == "Kramatorsk"
    # nothing from the data became an element or a link, and nothing ran
    assert page.locator("img").count() == 0
    assert page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == [
        "static/vendor/maplibre-gl/maplibre-gl.js",
        "static/app.js",
    ]
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("[data-testid=event-card] a").count() == 0
    assert page.evaluate("document.querySelectorAll('[onerror]').length") == 0
    page.wait_for_timeout(300)
    shot(page, "web-card.png")
    page.watch.clean(page)


def test_the_page_at_phone_width_puts_the_list_below_the_map(browser: Any, server: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    try:
        page = context.new_page()
        watch = Watch(page)
        open_page(page, server + "/")
        map_box = page.locator("#map").bounding_box()
        list_box = page.locator("#list").bounding_box()
        assert map_box["width"] >= 380 and list_box["y"] >= map_box["y"] + map_box["height"]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing sticks out sideways
        shot(page, "web-phone.png")
        page.locator("[data-testid=event-item]").first.click()
        card = page.locator("[data-testid=event-card]")
        card.wait_for(state="visible")
        box = card.bounding_box()
        assert box["x"] == 0 and box["width"] == 390  # the card covers the screen
        page.keyboard.press("Escape")
        assert card.is_hidden()
        watch.clean(page)
    finally:
        context.close()


def test_without_webgl_the_list_and_cards_still_work(playwright: Any, server: str) -> None:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--disable-3d-apis"])
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        watch = Watch(page)
        open_page(page, server + "/")
        assert "The map cannot be drawn here" in page.text_content("#map-status")
        assert len(list_ids(page)) == 6
        page.locator("[data-testid=event-item]", has_text="Avdiivka").click()
        page.wait_for_selector("[data-testid=event-card][data-claims='ready']")
        assert page.locator("[data-testid=event-card] mark").count() >= 9
        assert watch.dialogs == [] and watch.errors == []
    finally:
        browser.close()


def test_the_page_and_its_files_have_their_policy(server: str) -> None:
    with urllib.request.urlopen(server + "/") as r:
        csp = r.headers["content-security-policy"]
        body = r.read().decode("utf-8")
    assert "script-src 'self';" in csp and "worker-src blob:" in csp and "'unsafe-inline'" not in csp
    assert re.findall(r"<script[^>]*>", body) == [
        '<script defer src="static/vendor/maplibre-gl/maplibre-gl.js">',
        '<script type="module" src="static/app.js">',
    ]  # no inline script
    assert re.findall(r"\son[a-z]+\s*=", body) == []  # no event-handler attributes
    with urllib.request.urlopen(server + "/static/app.js") as r:
        assert r.headers["content-type"].startswith("text/javascript")
        assert r.headers["content-security-policy"] == csp
    with urllib.request.urlopen(server + "/api/stats") as r:
        assert "worker-src" not in r.headers["content-security-policy"]  # the API keeps its own


def test_a_new_user_sees_the_demo_report_on_the_map(browser: Any, tmp_path: Path) -> None:
    """What README promises: `frontwatch demo`, then its `serve` command, shows the seed
    report's claims on the map of Donetsk oblast, with Kimakovsky's claims, their flags and the
    evidence marked. The screenshot saved here is the one README shows (docs/img/web.png)."""
    from typer.testing import CliRunner

    from frontwatch.cli import app

    demo = CliRunner().invoke(app, ["demo", "--dir", str(tmp_path)])
    assert demo.exit_code == 0, demo.output
    serve_line = next(line for line in demo.output.splitlines() if "frontwatch serve --db" in line)
    db = serve_line.split("--db", 1)[1].split()[0]
    with serving(db) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.watch = Watch(page)
        open_page(page, base + "/")
        events = api(base, "/api/events?limit=1000")
        assert len(list_ids(page)) == events["total"] == 4
        assert page.get_attribute("body", "data-map-events") == "3"  # one event has no place on the map
        item = page.locator("[data-testid=event-item]", has_text="Kostiantynivka")
        assert item.count() == 1
        page.locator("[data-testid=event-item]", has_text="Rodynske").click()
        page.wait_for_selector("[data-testid=event-card][data-claims='ready']")
        card = page.locator("[data-testid=event-card]")
        text = card.text_content()
        assert "Igor Kimakovsky" in text and "claim_escalation" in text
        marks = card.locator("mark").all_text_contents()
        assert "advanced" in marks  # the trigger of Kimakovsky's advance claim, marked in its sentence
        path = shot(page, "demo.png")
        if os.environ.get("FRONTWATCH_UPDATE_SCREENSHOT"):  # refresh README's image from this test
            shutil.copy(path, Path(__file__).resolve().parents[1] / "docs" / "img" / "web.png")
        page.watch.clean(page)
        context.close()


def test_the_claimant_side_filter_narrows_the_list(page: Any, server: str) -> None:
    """Who claims it, apart from who acted: the list holds the events with a claim by a
    claimant of that side, as the API counts them, and the URL keeps the choice."""
    open_page(page, server + "/")
    expected = [e["event_id"] for e in api(server, "/api/events?claimant_side=ukraine&limit=1000")["items"]]
    assert 0 < len(expected) < len(list_ids(page))
    page.select_option("#f-claimant-side", "ukraine")
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=event-item]').length === n", arg=len(expected)
    )
    page.wait_for_selector("body[data-list-state='ready']")
    assert list_ids(page) == expected
    assert "claimant_side=ukraine" in page.url
    page.watch.clean(page)


def test_the_map_names_the_largest_places_in_view(page: Any, server: str) -> None:
    """Settlement names come from the bundled gazetteer as HTML labels (no glyph server): on the
    whole of Ukraine only the largest cities are named, with at most 60 labels at any zoom."""
    open_page(page, server + "/")
    page.wait_for_function("() => Number(document.body.dataset.placeLabels || 0) > 0")
    names = page.locator("[data-testid=place-label]").all_text_contents()
    assert "Kharkiv" in names and "Odesa" in names
    assert 3 <= len(names) <= 60 and "Avdiivka" not in names  # a town of 30,000 waits for a zoom
    page.watch.clean(page)
