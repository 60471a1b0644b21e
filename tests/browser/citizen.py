"""The citizen's side in a real browser (headless Chromium through
chromedriver), driven by tests/browser.rs. One step per run, named by the
first argument; what it saw goes to stdout as JSON, screenshots to
$SHOTS. Accessibility: axe-core (WCAG 2.0/2.1 A and AA rules) runs on every
page it opens; any violation fails the step.

  site   open $SITE, press the banner's button, fill the form in the
         dialog, send it: {"number": N, "link": URL}
  track  open $LINK: {"stage": ..., "answer": ...}
  plain  the form at $FORM with scripts off, sent: {"number": N}
  poll_site  open $SITE, press the polls widget's button, open the poll
         $TITLE from the list in the dialog, ask for a link to $CONTACT:
         {"status": ...}
  ballot open $BALLOT, choose the options $CHOICES (question:option,...),
         declare residence, send: {"status": ...}
  results  open $POLL: {"rows": [[question, answer, votes, share], ...]}
"""

import base64
import hashlib
import json
import os
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

AXE_VERSION = "4.14.1"
AXE_INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="


def axe_source():
    """axe-core from the npm registry, checked against its integrity hash,
    kept beside the screenshots' folder for the next run."""
    cache = os.path.join(os.environ["AXE_CACHE"], f"axe-core-{AXE_VERSION}.min.js")
    if not os.path.exists(cache):
        url = f"https://registry.npmjs.org/axe-core/-/axe-core-{AXE_VERSION}.tgz"
        data = urllib.request.urlopen(url, timeout=60).read()
        digest = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
        if digest != AXE_INTEGRITY:
            sys.exit(f"axe-core {AXE_VERSION}: the download does not match its integrity hash")
        import io
        import tarfile

        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            script = tar.extractfile("package/axe.min.js").read()
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        with open(cache + ".part", "wb") as out:
            out.write(script)
        os.replace(cache + ".part", cache)
    with open(cache, encoding="utf-8") as f:
        return f.read()


def browser(scripts=True):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1100",
        "--lang=ru-RU",
        # The school's site lives on loopback under its own name.
        f"--host-resolver-rules=MAP {os.environ['SITE_HOST']} 127.0.0.1",
    ]:
        options.add_argument(arg)
    if not scripts:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def check_accessibility(d, where):
    """axe-core on the current document (in the current frame)."""
    d.execute_script(axe_source())
    violations = d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        ".then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' ('"
        " + v.nodes.map(n => n.target.join(' ')).join(', ') + ')')))"
        ".catch(e => done(['axe failed: ' + e]));"
    )
    if violations:
        sys.exit(f"{where}: accessibility violations:\n" + "\n".join(violations))


def shot(d, name):
    os.makedirs(os.environ["SHOTS"], exist_ok=True)
    d.save_screenshot(os.path.join(os.environ["SHOTS"], name))


def fill(d, wait_secs):
    started = time.monotonic()
    Select(d.find_element(By.ID, "f-category")).select_by_index(1)
    d.find_element(By.ID, "f-text").send_keys(os.environ["TEXT"])
    d.find_element(By.ID, "f-address").send_keys("ул. Ленина, 5")
    d.find_element(By.ID, "f-name").send_keys("Иванова Анна")
    d.find_element(By.ID, "f-contact").send_keys(os.environ["CONTACT"])
    d.find_element(By.ID, "f-consent").click()
    # The trap is out of people's way: no label, out of the tab order.
    trap = d.find_element(By.NAME, "website")
    assert trap.get_attribute("tabindex") == "-1", "the trap is in the tab order"
    left = wait_secs - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)


def sent_number(d):
    status = WebDriverWait(d, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[role=status]"))
    )
    words = status.text.split()
    return int(next(w for w in words if w.isdigit()))


def site():
    d = browser()
    try:
        d.get(os.environ["SITE"])
        button = d.find_element(By.CSS_SELECTOR, "#js-show-iframe-wrapper .pos-banner-btn_2")
        check_accessibility(d, "the site's page with the widget")
        button.click()
        frame = WebDriverWait(d, 15).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "dialog.otklik-dialog iframe"))
        )
        d.switch_to.frame(frame)
        WebDriverWait(d, 15).until(EC.presence_of_element_located((By.ID, "f-text")))
        check_accessibility(d, "the form")
        fill(d, float(os.environ.get("FILL_SECS", "0")))
        d.execute_script("window.scrollTo(0, 0)")
        d.switch_to.default_content()
        shot(d, "form.png")
        d.switch_to.frame(frame)
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        number = sent_number(d)
        link = d.find_element(By.ID, "tracking").get_attribute("href")
        check_accessibility(d, "the answer to the form")
        d.switch_to.default_content()
        shot(d, "sent.png")
        return {"number": number, "link": link}
    finally:
        d.quit()


def track():
    d = browser()
    try:
        d.get(os.environ["LINK"])
        answer = WebDriverWait(d, 15).until(
            EC.presence_of_element_located((By.ID, "answer"))
        )
        stage = d.find_element(By.CSS_SELECTOR, "dl dd").text
        check_accessibility(d, "the tracking page")
        shot(d, "tracking.png")
        return {"stage": stage, "answer": answer.text}
    finally:
        d.quit()


def plain():
    d = browser(scripts=False)
    try:
        d.get(os.environ["FORM"])
        fill(d, float(os.environ.get("FILL_SECS", "0")))
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        return {"number": sent_number(d)}
    finally:
        d.quit()


def status_text(d):
    return WebDriverWait(d, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "[role=status]"))
    ).text


def poll_site():
    d = browser()
    try:
        d.get(os.environ["SITE"])
        button = d.find_element(By.CSS_SELECTOR, "#otklik-polls .pos-banner-btn_2")
        check_accessibility(d, "the site's page with the polls widget")
        button.click()
        frame = WebDriverWait(d, 15).until(
            EC.presence_of_element_located((By.CSS_SELECTOR, "dialog.otklik-dialog iframe"))
        )
        d.switch_to.frame(frame)
        link = WebDriverWait(d, 15).until(
            EC.element_to_be_clickable((By.LINK_TEXT, os.environ["TITLE"]))
        )
        check_accessibility(d, "the organisation's polls")
        link.click()
        WebDriverWait(d, 15).until(EC.presence_of_element_located((By.ID, "f-contact")))
        check_accessibility(d, "the poll's page")
        d.find_element(By.ID, "f-contact").send_keys(os.environ["CONTACT"])
        d.find_element(By.ID, "f-consent").click()
        d.switch_to.default_content()
        shot(d, "poll.png")
        d.switch_to.frame(frame)
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        said = status_text(d)
        check_accessibility(d, "the link's confirmation")
        return {"status": said}
    finally:
        d.quit()


def ballot():
    d = browser()
    try:
        d.get(os.environ["BALLOT"])
        WebDriverWait(d, 15).until(EC.presence_of_element_located((By.ID, "q0")))
        check_accessibility(d, "the ballot")
        for choice in os.environ["CHOICES"].split(","):
            question, option = choice.split(":")
            # Labels take the click, as a person's would.
            d.find_element(By.CSS_SELECTOR, f"label[for=q{question}-{option}]").click()
        d.find_element(By.ID, "f-resident").click()
        shot(d, "ballot.png")
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        said = status_text(d)
        check_accessibility(d, "the vote's confirmation")
        return {"status": said}
    finally:
        d.quit()


def results():
    d = browser()
    try:
        d.get(os.environ["POLL"])
        WebDriverWait(d, 15).until(EC.presence_of_element_located((By.CSS_SELECTOR, "table")))
        check_accessibility(d, "the results")
        shot(d, "poll-results.png")
        rows = []
        for table in d.find_elements(By.CSS_SELECTOR, "table"):
            caption = table.find_element(By.CSS_SELECTOR, "caption").text
            for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
                cells = [td.text for td in tr.find_elements(By.CSS_SELECTOR, "td")]
                rows.append([caption] + cells)
        return {"rows": rows}
    finally:
        d.quit()


if __name__ == "__main__":
    step = {
        "site": site,
        "track": track,
        "plain": plain,
        "poll_site": poll_site,
        "ballot": ballot,
        "results": results,
    }[sys.argv[1]]
    print(json.dumps(step()))
