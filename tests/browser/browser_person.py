"""A person at a browser: a Chromium context (JavaScript on or off) whose every request, CSP violation,
font and script is recorded, and whose every page is checked (axe-core, screenshots in three languages,
interface strings left in English) as soon as it loads.

Journeys act only as a person does: ``goto`` an address, ``follow`` a link, ``press`` a button, ``fill``
a labelled field, ``press_key`` on the keyboard.
"""
from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from browser_audit import BLOCKING, SCREENSHOTS, axe_on_html, axe_violations, interface_strings, untranslated

#: The language switcher's buttons, each named in its own language.
LANGUAGE_BUTTONS = {"en": "English", "fr": "Français", "es": "Español"}
_FONT = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)", re.I)


def page_key(url: str) -> str:
    """An address with its numbers and tokens replaced, so that one kind of page is checked once."""
    path = urlsplit(url).path
    path = re.sub(r"/\d+(?=/|$|\.)", "/<n>", path)
    return re.sub(r"/(confirm|reset|invitation)/[^/]+", r"/\1/<token>", path) or "/"


class Recorder:
    """Every request a context makes, CSP violations, fonts, scripts and page errors."""

    def __init__(self, context, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.csp: list[str] = []
        self.fonts: list[str] = []
        self.errors: list[str] = []
        context.add_init_script(
            "document.addEventListener('securitypolicyviolation', e => console.error("
            "'CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));")
        context.on("request", self._request)
        context.on("page", self.watch)

    def watch(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: {error}"))

    def _request(self, request) -> None:
        url = request.url
        self.requests.append(url)
        if url.startswith(("data:", "blob:", "about:")):
            return
        if not url.startswith(self.origin + "/"):
            self.foreign.append(url)
        if request.resource_type == "font" or _FONT.search(url):
            self.fonts.append(url)

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.csp.append(text[:300])

    def problems(self) -> list[str]:
        """What must never happen: another origin, a CSP violation, a web font, a script error."""
        found = [f"request to another origin: {u}" for u in self.foreign]
        found += [f"CSP violation: {t}" for t in self.csp]
        found += [f"web font requested: {u}" for u in self.fonts]
        found += [f"JavaScript error: {e}" for e in self.errors]
        return found


class Person:
    """One person's browser in a journey (see the module docstring)."""

    def __init__(self, context, origin: str, findings, audit_page, *, js: bool, lang: str = "en",
                 tour: bool = True, axe: bool = True):
        self.context = context
        self.origin = origin
        self.findings = findings
        self.audit_page = audit_page
        self.js = js
        self.lang = lang
        self.tour = tour
        self.axe = axe
        self.recorder = Recorder(context, origin)
        self.page = context.new_page()
        self.recorder.watch(self.page)
        context.set_default_timeout(15_000)
        self.visited: list[str] = []
        self.findings_here: list[str] = []  # serious accessibility problems and untranslated strings
        self._last_method = "GET"
        self._tour_page = None
        self.page.on("request", self._navigation)

    def _navigation(self, request) -> None:
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._last_method = request.method

    # ---- what a person does ------------------------------------------------------------------------

    def goto(self, path: str):
        """Type an address (a path on the app) into the address bar."""
        response = self.page.goto(self.origin + path)
        self.checked()
        return response

    def follow(self, name: str, exact: bool = True, within=None):
        """Follow the link named ``name``."""
        scope = within or self.page
        with self.page.expect_navigation():
            scope.get_by_role("link", name=name, exact=exact).first.click()
        self.checked()

    def press(self, name: str, exact: bool = True, within=None):
        """Press the button named ``name``, which loads a page."""
        scope = within or self.page
        with self.page.expect_navigation():
            scope.get_by_role("button", name=name, exact=exact).click()
        self.checked()

    def fill(self, label: str, value: str, exact: bool = True) -> None:
        """Type ``value`` into the field labelled ``label``."""
        self.page.locator("main").get_by_label(label, exact=exact).fill(value)

    def choose(self, label: str, option: str) -> None:
        """Choose ``option`` (its visible text) in the drop-down labelled ``label``."""
        self.page.locator("main").get_by_label(label, exact=True).select_option(label=option)

    def check(self, label: str) -> None:
        """Tick the checkbox or radio button labelled ``label``."""
        self.page.locator("main").get_by_label(label, exact=True).check()

    def press_key(self, key: str, navigates: bool = False) -> None:
        """Press a key; when it submits a form or follows a link, wait for the page it loads."""
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.checked()
        else:
            self.page.keyboard.press(key)

    # ---- the keyboard only -------------------------------------------------------------------------

    def tab_to(self, locator, limit: int = 200) -> None:
        """Press Tab until ``locator`` (or, for a radio button, its group) has the focus."""
        handle = locator.element_handle()
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.page.evaluate("el => el === document.activeElement || (el.type === 'radio' && "
                                  "document.activeElement.name === el.name)", handle):
                return
        raise AssertionError(f"Tab never reached {locator}")

    def key_fill(self, label: str, value: str) -> None:
        """Tab to the field labelled ``label`` and type ``value``."""
        self.tab_to(self.page.locator("main").get_by_label(label, exact=True))
        self.page.keyboard.type(value)

    def key_choose(self, label: str, option: str) -> None:
        """Tab to a drop-down and type the start of an option, as a keyboard user picks from a list."""
        field = self.page.locator("main").get_by_label(label, exact=True)
        self.tab_to(field)
        self.page.keyboard.type(option)
        assert field.evaluate("el => el.options[el.selectedIndex].text") == option

    def key_check(self, label: str) -> None:
        """Tab to a checkbox and press Space; for a radio button, Tab into its group and use the arrows."""
        box = self.page.locator("main").get_by_label(label, exact=True)
        self.tab_to(box)
        if box.get_attribute("type") == "radio":
            self.page.keyboard.press("Space")
            for _ in range(12):
                if box.is_checked():
                    return
                self.page.keyboard.press("ArrowDown")
        else:
            self.page.keyboard.press("Space")
        assert box.is_checked(), label

    def key_activate(self, role: str, name: str, within=None) -> None:
        """Tab to a link or button and press Enter (it loads a page)."""
        scope = within or self.page.locator("main")
        self.tab_to(scope.get_by_role(role, name=name, exact=True).first)
        self.press_key("Enter", navigates=True)

    def heading(self) -> str:
        """The page's main heading."""
        return self.page.get_by_role("heading", level=1).first.inner_text()

    def text(self) -> str:
        """The text of the page's main part (or of the whole page when it has none, like a printable copy)."""
        main = self.page.locator("main")
        return (main if main.count() else self.page.locator("body")).inner_text()

    # ---- what is checked on every page -------------------------------------------------------------

    def checked(self) -> None:
        """Check the page just loaded: axe-core, screenshots in English, French and Spanish, and the
        interface strings left untranslated. Each kind of page is checked once per run and mode."""
        self.page.wait_for_load_state("load")
        url = self.page.url
        self.visited.append(url)
        path_key = page_key(url)
        key = f"{path_key}{'' if self.js else ' (no JS)'}"
        if key in self.findings.toured:
            return
        self.findings.toured.add(key)
        t0 = time.perf_counter()
        if self.axe:
            self._axe(key, url)
        else:
            self.findings.toured.discard(key)  # checked with axe when a journey reaches it
        t1 = time.perf_counter()
        self._screenshot(self.lang, key)
        t2 = time.perf_counter()
        first_time = path_key not in self.findings.toured_languages
        if self.tour and self._last_method == "GET" and self.lang == "en" and first_time:
            self.findings.toured_languages.add(path_key)
            self._language_tour(path_key)
        t3 = time.perf_counter()
        for name, spent in (("axe", t1 - t0), ("screenshot", t2 - t1), ("languages", t3 - t2)):
            self.findings.seconds[name] = self.findings.seconds.get(name, 0) + spent

    def _axe(self, key: str, url: str) -> None:
        if self.js:
            violations = axe_violations(self.page)
        else:
            violations = axe_on_html(self.audit_page, url, self.page.content())
        serious = [v for v in violations if v["impact"] in BLOCKING]
        self.findings.pages[key] = serious
        self.findings.minor[key] = len(violations) - len(serious)
        for v in serious:
            self.findings_here.append(f"axe {v['impact']} on {key}: {v['id']} — {v['help']} ({v['targets']})")

    @staticmethod
    def _screenshot_path(lang: str, key: str):
        name = re.sub(r"[^\w.-]+", "_", key).strip("_") or "home"
        path = SCREENSHOTS / lang / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _screenshot(self, lang: str, key: str) -> None:
        path = self._screenshot_path(lang, key)
        self.page.screenshot(path=str(path), full_page=True)
        self.findings.screenshots += 1

    def _language_tour(self, key: str) -> None:
        """Open the page again in a second tab and switch it to French, then Spanish, with the page's own
        switcher; then back. The journey's tab (and what it shows, such as a message) is left as it is."""
        if self._tour_page is None:
            self._tour_page = self.context.new_page()
            self.recorder.watch(self._tour_page)
        tab = self._tour_page
        tab.bring_to_front()
        tab.goto(self.page.url)
        if not tab.locator("header form.lang").count():
            self.page.bring_to_front()
            return  # a page without the site's header (a printable copy): shown in the account's language
        for lang in ("fr", "es"):
            self._switch(lang, tab)
            path = self._screenshot_path(lang, key)
            tab.screenshot(path=str(path), full_page=True)
            self.findings.screenshots += 1
            left = untranslated(tab.content(), lang, interface_strings(lang))
            if left:
                self.findings.untranslated[f"{lang} {key}"] = left
                self.findings_here.append(f"the {lang} page {key} shows English interface strings: {left}")
        self._switch(self.lang, tab)
        self.page.bring_to_front()

    def _switch(self, lang: str, tab=None) -> None:
        tab = tab or self.page
        with tab.expect_navigation():
            tab.locator("header form.lang").get_by_role("button", name=LANGUAGE_BUTTONS[lang]).click()
        tab.wait_for_load_state("load")
        assert tab.locator("html").get_attribute("lang") == lang, f"the switcher did not give {lang}"

    def switch_language(self, lang: str) -> None:
        """Use the language switcher (a person's choice, checked like any page)."""
        self._switch(lang)
        self.lang = lang
        self.checked()
