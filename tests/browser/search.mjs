// search.mjs BASE_URL SCREENSHOT: the search page in headless Chromium
// (Debian's /usr/bin/chromium), as an employee uses it, by keyboard:
// type a query, see hits, follow a facet, see the filtered count, open a
// hit.  Prints one JSON line of what it saw; tests/cli/T160 judges it.
import { chromium } from 'playwright-core';

const [base, shot] = process.argv.slice(2);
const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
});
const seen = {};
try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(base + '/');
    // The search box has the focus: type, press Enter.
    seen.focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    await page.keyboard.type('kommune');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    seen.url = page.url().replace(base, '');
    seen.total = await page.textContent('p.total');
    seen.hits = await page.locator('li.hit').count();
    // Every control has a label.
    seen.unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input:not([type=hidden]), select')]
            .filter((e) => !(e.labels && e.labels.length)).length);
    // Follow the first udvalg facet by keyboard: focus it, press Enter.
    const facet = page.locator('ul.udvalg a').first();
    seen.facet = await facet.textContent();
    seen.facet_count = await page.locator('ul.udvalg .count').first().textContent();
    await facet.focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    seen.filtered_total = await page.textContent('p.total');
    seen.filters = await page.textContent('p.filters');
    await page.screenshot({ path: shot, fullPage: true });
    // Open the first hit: its link serves the PDF.
    const href = await page.locator('li.hit h2 a').first().getAttribute('href');
    seen.href = href;
    const r = await page.request.get(base + href.split('#')[0]);
    seen.opened = r.status() + ' ' + r.headers()['content-type'];
    seen.console_errors = errors.length;
} finally {
    await browser.close();
}
console.log(JSON.stringify(seen));
