// Drives Debian's Chromium (playwright-core) for tests/it/browser.rs.
// Input: a JSON plan (argv[2]); output: JSON results on stdout.
//   plan.verify:      [{name, origin, page}]  → verdict of the in-browser verifier
//   plan.axe:         [{name, url, width}]    → WCAG 2.1 A/AA + EN 301 549 violations
//   plan.screenshots: [{name, url, width}]    → PNG files in plan.screenshotDir
//   plan.keyboard:    {origin, page}          → run the verifier with the keyboard only
//   plan.cases:       [{name, origin, page, anchor, now}] → the shared fixture cases, clock fixed at `now`
//   plan.crossOrigin: {verifier, target, anchor} → another site's page, without and with an anchor
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));

const browser = await chromium.launch({
  executablePath: plan.chromium || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = { verify: [], axe: [], screenshots: [], keyboard: null, search: [] };

// Pages run under the server's Content-Security-Policy, except where a test
// tool must inject its own script (axe-core).
async function newPage(width, bypassCSP = false) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "sv-SE", bypassCSP });
  const page = await context.newPage();
  // The same pinned clock as the builds (SIGILL_NOW).
  if (plan.now) await page.clock.setFixedTime(new Date(plan.now));
  return [context, page];
}

async function verdict(page) {
  await page.waitForFunction(() => {
    const r = document.getElementById("result");
    return r && ["verified", "warning", "failed", "unsupported", "refused"].includes(r.dataset.outcome);
  }, null, { timeout: 30000 });
  return page.evaluate(() => {
    const r = document.getElementById("result");
    return {
      outcome: r.dataset.outcome,
      text: r.innerText,
      integrity: r.querySelector('[data-check="integrity"]')?.className ?? null,
      trust: r.querySelector('[data-check="trust"]')?.className ?? null,
      problems: Array.from(r.querySelectorAll(".problems li"), (li) => li.textContent),
      reasons: Array.from(r.querySelectorAll("[data-reason]"), (e) => e.dataset.reason),
    };
  });
}

for (const c of plan.verify ?? []) {
  const [context, page] = await newPage(1280);
  await page.goto(`${c.origin}/.well-known/sigill/verify/?page=${encodeURIComponent(c.page)}`);
  results.verify.push({ name: c.name, ...(await verdict(page)) });
  await context.close();
}

for (const c of plan.axe ?? []) {
  const [context, page] = await newPage(c.width, true);
  await page.goto(c.url);
  if (c.url.includes("/verify/")) await verdict(page);
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  results.axe.push({ name: c.name, width: c.width, violations: found });
  await context.close();
}

if (plan.screenshotDir) mkdirSync(plan.screenshotDir, { recursive: true });
for (const c of plan.screenshots ?? []) {
  const [context, page] = await newPage(c.width);
  await page.goto(c.url);
  if (c.url.includes("/verify/")) await verdict(page);
  const path = `${plan.screenshotDir}/${c.name}.png`;
  await page.screenshot({ path, fullPage: true });
  results.screenshots.push(path);
  await context.close();
}

// Runs the verifier at `origin` on `page`, typing an anchor when one is given.
async function check(page, origin, target, anchor) {
  if (anchor) {
    await page.goto(`${origin}/.well-known/sigill/verify/`);
    await page.fill("#page", target);
    await page.fill("#anchor", anchor);
    await page.click('button[type="submit"]');
  } else {
    await page.goto(`${origin}/.well-known/sigill/verify/?page=${encodeURIComponent(target)}`);
  }
  return verdict(page);
}

results.cases = [];
for (const c of plan.cases ?? []) {
  const [context, page] = await newPage(1280);
  await page.clock.setFixedTime(new Date(c.now));
  results.cases.push({ name: c.name, ...(await check(page, c.origin, c.page, c.anchor)) });
  await context.close();
}

if (plan.crossOrigin) {
  const x = plan.crossOrigin;
  const [context, page] = await newPage(1280);
  const without = await check(page, x.verifier, x.target, null);
  const wrong = await check(page, x.verifier, x.target, "sha256:" + "ab".repeat(32));
  const grouped = x.anchor.replace("sha256:", "").toUpperCase().match(/.{1,4}/g).join(" ");
  const withAnchor = await check(page, x.verifier, x.target, grouped);
  const stored = await page.evaluate((origin) => localStorage.getItem("sigill-anchor:" + origin), new URL(x.target).origin);
  results.crossOrigin = { without, wrong, withAnchor, stored };
  await context.close();
}

// Trust on first use: the verifier of a site checks its own page; then the
// site's root changes under the same origin.
if (plan.tofu) {
  const { symlinkSync, unlinkSync } = await import("node:fs");
  const [context, page] = await newPage(1280);
  const url = `${plan.tofu.verifier}/.well-known/sigill/verify/?page=${encodeURIComponent(plan.tofu.target)}`;
  const point = (dir) => { unlinkSync(plan.tofu.link); symlinkSync(dir, plan.tofu.link); };
  // A failed check first: nothing may be remembered from it.
  point(plan.tofu.broken);
  await page.goto(url);
  const broken = await verdict(page);
  const storedAfterFailure = await page.evaluate(() => Object.keys(localStorage).length);
  point(plan.tofu.first);
  await page.goto(url);
  const first = await verdict(page);
  point(plan.tofu.second);
  await page.goto(url);
  const second = await verdict(page);
  point(plan.tofu.older);
  await page.goto(url);
  const older = await verdict(page);
  results.tofu = { broken, storedAfterFailure, first, second, older };
  await context.close();
}

if (plan.keyboard) {
  const [context, page] = await newPage(1280);
  await page.goto(`${plan.keyboard.origin}/.well-known/sigill/verify/`);
  const focused = [];
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => {
      const a = document.activeElement;
      const style = getComputedStyle(a);
      return { id: a.id || a.className || a.tagName, outline: style.outlineStyle !== "none" || style.boxShadow !== "none" };
    });
    focused.push(id);
    if (id.id === "page") break;
  }
  await page.keyboard.type(plan.keyboard.page);
  await page.keyboard.press("Enter");
  const result = await verdict(page);
  const focusAfter = await page.evaluate(() => document.activeElement.id);
  results.keyboard = { focused, outcome: result.outcome, focusAfter };
  await context.close();
}

// Search: with the keyboard (Tab to the field, type, Enter) and from an
// address with ?q=; each case lists the result URLs shown.
if (plan.search) {
  results.search = [];
  for (const c of plan.search.cases) {
    const [context, page] = await newPage(1280);
    if (c.keyboard) {
      await page.goto(`${plan.search.origin}${plan.search.page}`);
      let focused = false;
      for (let i = 0; i < 25 && !focused; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.id === "search-q");
      }
      await page.keyboard.type(c.query);
      await page.keyboard.press("Enter");
    } else {
      await page.goto(`${plan.search.origin}${plan.search.page}?q=${encodeURIComponent(c.query)}`);
    }
    await page.waitForFunction(() => document.getElementById("search-status")?.textContent.trim().length > 0, null, { timeout: 30000 }).catch(() => {});
    const found = await page.evaluate(() => ({
      status: document.getElementById("search-status")?.textContent ?? "",
      urls: Array.from(document.querySelectorAll("#search-results li a"), (a) => new URL(a.href).pathname),
      marks: document.querySelectorAll("#search-results mark").length,
    }));
    results.search.push({ query: c.query, keyboard: !!c.keyboard, ...found });
    await context.close();
  }
  // Without JavaScript the page says where else to look.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${plan.search.origin}${plan.search.page}`);
  results.searchWithoutScript = await page.evaluate(() => ({ message: document.getElementById("search-nojs")?.textContent ?? "", formHidden: document.getElementById("search-form")?.hidden }));
  await context.close();
}

// The language switcher with the keyboard only: Tab to the link that names
// the language, Enter, and the page in that language opens.
if (plan.languageSwitcher) {
  const { origin, page: path, label } = plan.languageSwitcher;
  const [context, page] = await newPage(375);
  await page.goto(`${origin}${path}`);
  const focused = [];
  let reached = false;
  for (let i = 0; i < 15 && !reached; i++) {
    await page.keyboard.press("Tab");
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      const style = getComputedStyle(a);
      return { text: a.textContent.trim(), inSwitcher: !!a.closest(".language-switcher"), outline: style.outlineStyle !== "none" || style.boxShadow !== "none" };
    });
    focused.push(f);
    reached = f.inSwitcher && f.text === label;
  }
  if (reached) {
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  }
  const after = await page.evaluate(() => ({ path: location.pathname, lang: document.documentElement.lang }));
  results.languageSwitcher = { focused, reached, ...after };
  await context.close();
}

await browser.close();
process.stdout.write(JSON.stringify(results));
