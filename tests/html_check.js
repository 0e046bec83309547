// The HTML report in a real browser: Debian's Chromium, headless, driven by playwright-core
// (installed by `make deps-html` into build/node). Run by tests/html.sh.
//
//   node tests/html_check.js REPORT.html SCREENSHOT.png ROWS FIRST_NAME LITERAL
//
// Loads REPORT.html from the file system and checks: the page loads; no console error, no page
// error, no failed request; nothing but the page itself and data: URIs is requested (every other
// request is refused and counted); every <img> is complete with a natural width; the summary
// table has ROWS rows, the first of them FIRST_NAME; every anchor of the table leads to a
// section; no <script> element exists and the text LITERAL (which holds < & " >) shows as
// written. Saves a full-page screenshot to SCREENSHOT.png. Prints "PASS name" or "FAIL name:
// why" per check; exit status 1 if any failed, 2 if the browser could not be driven at all.
'use strict';
const path = require('path');
const fs = require('fs');

const [report, shot, rowsArg, firstName, literal] = process.argv.slice(2);
if (!literal) {
    console.error('usage: node tests/html_check.js REPORT.html SCREENSHOT.png ROWS FIRST_NAME LITERAL');
    process.exit(2);
}
const nodeDir = process.env.HTML_NODE_DIR || path.resolve(__dirname, '..', 'build', 'node');
const chromium_path = process.env.CHROMIUM || '/usr/bin/chromium';

let failed = 0;
function check(name, ok, why) {
    if (ok) {
        console.log(`PASS ${name}`);
    } else {
        failed++;
        console.log(`FAIL ${name}: ${why}`);
    }
}

async function main() {
    let chromium;
    try {
        ({ chromium } = require(path.join(nodeDir, 'node_modules', 'playwright-core')));
    } catch (e) {
        console.log(`FAIL driver: playwright-core is not in ${nodeDir} (make deps-html): ${e.message}`);
        return 2;
    }
    const userDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'relsim-chromium-'));
    let context;
    try {
        context = await chromium.launchPersistentContext(userDir, {
            executablePath: chromium_path,
            headless: true,
            timeout: 20000,
            viewport: { width: 1280, height: 900 },
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        });
    } catch (e) {
        console.log(`FAIL browser: Chromium (${chromium_path}) did not start: ${e.message.split('\n')[0]}`);
        fs.rmSync(userDir, { recursive: true, force: true });
        return 2;
    }
    try {
        const page = context.pages()[0] || await context.newPage();
        const errors = [], external = [], failedReq = [];
        const pageUrl = 'file://' + path.resolve(report);
        page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
        page.on('pageerror', e => errors.push(String(e)));
        page.on('requestfailed', r => failedReq.push(`${r.url().slice(0, 80)}: ${r.failure() && r.failure().errorText}`));
        // Only the page itself may be fetched; any other request is refused and counted.
        await context.route('**/*', route => {
            const u = route.request().url();
            if (u === pageUrl) return route.continue();
            external.push(u.slice(0, 120));
            return route.abort();
        });
        const resp = await page.goto(pageUrl, { waitUntil: 'load', timeout: 15000 });
        check('page loads', resp === null || resp.ok(), `status ${resp && resp.status()}`);
        const title = await page.title();
        check('page has a title', /relsim report/.test(title), `title '${title}'`);

        const imgs = await page.$$eval('img', els => els.map(i => ({
            ok: i.complete && i.naturalWidth > 0, data: i.src.startsWith('data:image/png;base64,'),
            alt: i.alt })));
        check('pictures are embedded', imgs.length > 0 && imgs.every(i => i.data),
            `${imgs.length} <img>, not all data:image/png URIs`);
        check('every picture loads', imgs.length > 0 && imgs.every(i => i.ok),
            `broken: ${imgs.filter(i => !i.ok).map(i => i.alt).join(', ')}`);

        const links = await page.$$eval('[src], link[href]', els => els.map(e => e.getAttribute('src') || e.getAttribute('href')));
        check('no resource outside the page', links.every(u => u.startsWith('data:')),
            `resources: ${links.filter(u => !u.startsWith('data:')).join(', ')}`);

        const rows = await page.$$eval('#summary-table tbody tr', trs => trs.map(tr => {
            const a = tr.querySelector('a');
            return { name: a ? a.textContent : '', href: a ? a.getAttribute('href') : '' };
        }));
        check('summary table rows', rows.length === Number(rowsArg), `${rows.length} rows, expected ${rowsArg}`);
        check('ranked first', rows.length > 0 && rows[0].name === firstName,
            `first row '${rows.length ? rows[0].name : ''}', expected '${firstName}'`);
        const targets = await page.$$eval('#summary-table tbody a', as => as.map(a => {
            const h = a.getAttribute('href');
            return h.startsWith('#') && document.getElementById(h.slice(1)) !== null;
        }));
        check('table links lead to sections', targets.length === rows.length && targets.every(Boolean),
            `${targets.filter(t => !t).length} dangling`);

        const scripts = await page.$$eval('script', s => s.length);
        check('no script element', scripts === 0, `${scripts} <script>`);
        const text = await page.evaluate(() => document.body.innerText);
        check('special characters shown as written', text.includes(literal), `'${literal}' not in the text`);

        const cells = await page.$$eval('#summary-table tbody tr:first-child td', tds => tds.map(td => td.innerText));
        check('numbers formatted', cells.length > 4 && /^\d\.\d{4}\b/.test(cells[3]),
            `goodput cell '${cells[3]}'`);

        await page.screenshot({ path: shot, fullPage: true });
        const size = fs.existsSync(shot) ? fs.statSync(shot).size : 0;
        check('screenshot saved', size > 10000, `${shot}: ${size} bytes`);

        check('no console or page error', errors.length === 0, errors.slice(0, 3).join(' | '));
        check('no failed request', failedReq.length === 0, failedReq.slice(0, 3).join(' | '));
        check('no network request', external.length === 0, external.slice(0, 3).join(' | '));
    } catch (e) {
        check('driving the page', false, e.message.split('\n')[0]);
    } finally {
        await context.close();
        fs.rmSync(userDir, { recursive: true, force: true });
    }
    return failed ? 1 : 0;
}

main().then(rc => process.exit(rc), e => {
    console.log(`FAIL driver: ${e.message}`);
    process.exit(2);
});
