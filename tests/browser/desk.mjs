// Drives the approval desk (`sigill desk`) in Debian's Chromium for
// tests/it/browser.rs: the whole flow a publisher goes through, axe-core on
// every view in Swedish and English at 375 and 1280 px, and screenshots.
// Input: a JSON plan (argv[2]) {url, passphrase, screenshotDir, mine, notice,
// others, sendBack}; output: JSON results on stdout, one entry per step.
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const plan = JSON.parse(readFileSync(process.argv[2], "utf8"));
const base = new URL(plan.url).origin;
mkdirSync(plan.screenshotDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: plan.chromium || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const results = { steps: {}, axe: [], screenshots: [] };

async function axe(page, name, width) {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "EN-301-549"] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  });
  results.axe.push({ name, width, violations });
}

async function shot(page, name) {
  const path = `${plan.screenshotDir}/${name}.png`;
  await page.screenshot({ path, fullPage: true });
  results.screenshots.push(path);
}

// Submits a form by `act` and waits for the answer page.
async function submit(page, act) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), act()]);
}

// Checks one view at both widths, in a context with the desk's cookie.
async function everyWidth(context, url, name) {
  for (const width of [375, 1280]) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    results.steps[`${name}-${width}-overflow`] = overflow;
    await axe(page, name, width);
    await shot(page, `${name}-${width}`);
    await page.close();
  }
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "sv-SE", bypassCSP: true });
const page = await context.newPage();

// Without the token the desk refuses, in words.
await page.goto(base + "/");
results.steps.withoutToken = { title: await page.title(), text: await page.locator("main").innerText() };
await axe(page, "desk-refused-sv", 1280);

// The printed address opens the queue (the token moves to a cookie).
await page.goto(plan.url);
results.steps.queueUrl = page.url();
results.steps.queue = {
  heading: await page.locator("h1").innerText(),
  mine: await page.locator("#mine li").evaluateAll((lis) => lis.map((li) => ({ path: li.dataset.path, state: li.dataset.state, text: li.innerText }))),
  others: await page.locator("#others li").evaluateAll((lis) => lis.map((li) => ({ path: li.dataset.path, text: li.innerText }))),
};
await everyWidth(context, base + "/", "desk-queue-sv");

// Review: the changed page, then a wrong passphrase, then the right one —
// with the keyboard only.
await page.goto(base + "/");
await submit(page, () => page.click(`#mine li[data-path="${plan.mine}"] h3 a`));
results.steps.review = {
  heading: await page.locator("h1").innerText(),
  inserted: await page.locator("#text-diff ins").allInnerTexts(),
  frame: await page.frameLocator("iframe.page").locator("main").innerText(),
  hasForm: await page.locator("form.approve").count(),
};
await everyWidth(context, page.url(), "desk-review-sv");
await page.focus("#note");
await page.keyboard.type("Ny mening om kommunens styrning");
// Tab on through the kind of change and the review date's fields.
const focusOrder = [];
for (let i = 0; i < 12; i++) {
  await page.keyboard.press("Tab");
  const id = await page.evaluate(() => document.activeElement?.id ?? "");
  focusOrder.push(id);
  if (id === "passphrase") break;
}
results.steps.focusOrder = focusOrder;
await page.keyboard.type("fel lösenfras");
await submit(page, () => page.keyboard.press("Enter"));
results.steps.wrongPassphrase = { alert: await page.locator('[role="alert"]').innerText(), url: page.url() };
await axe(page, "desk-review-error-sv", 1280);
await shot(page, "desk-review-error-sv-1280");
await page.fill("#note", "Ny mening om kommunens styrning");
await page.fill("#passphrase", plan.passphrase);
await submit(page, () => page.keyboard.press("Enter"));
results.steps.approved = { status: await page.locator('[role="status"]').innerText(), url: page.url() };
await shot(page, "desk-approved-sv-1280");
await page.goto(base + "/");
results.steps.queueAfter = await page.locator("#mine li").evaluateAll((lis) => lis.map((li) => li.dataset.path));

// The two-person rule: the notice awaits a second publisher.
await submit(page, () => page.click(`#mine li[data-path="${plan.notice}"] h3 a`));
results.steps.notice = { approvals: await page.locator(".facts").innerText() };
await page.fill("#note", "Granskad enligt tvåpersonsregeln");
await page.fill("#passphrase", plan.passphrase);
await submit(page, () => page.click("form.approve button"));
results.steps.coApproved = { status: await page.locator('[role="status"]').innerText() };

// Another publisher's page: shown, never signable.
await page.goto(base + "/");
await submit(page, () => page.click(`#others li[data-path="${plan.others}"] h3 a`));
results.steps.others = { notice: await page.locator("#not-signable").innerText(), forms: await page.locator("form.approve").count() };

// Send back with a comment.
await page.goto(base + "/");
await submit(page, () => page.click(`#mine li[data-path="${plan.sendBack}"] h3 a`));
await page.fill("#comment", "Kontrollera öppettiderna med växeln innan jag godkänner.");
await submit(page, () => page.click("form.send-back button"));
results.steps.sentBack = { status: await page.locator('[role="status"]').innerText() };

// The same views in English.
await page.goto(base + "/");
await submit(page, () => page.click('nav a[hreflang="en"]'));
results.steps.english = { lang: await page.getAttribute("html", "lang"), heading: await page.locator("h1").innerText() };
await everyWidth(context, base + "/", "desk-queue-en");
await everyWidth(context, `${base}/review?path=${encodeURIComponent(plan.sendBack)}`, "desk-review-en");
await page.goto(`${base}/review?path=${encodeURIComponent(plan.others)}`);
await axe(page, "desk-review-other-en", 1280);
const fresh = await browser.newContext({ viewport: { width: 375, height: 900 }, locale: "en-GB", bypassCSP: true });
const stranger = await fresh.newPage();
await stranger.goto(base + "/review");
await axe(stranger, "desk-refused-en", 375);
await fresh.close();

await context.close();
await browser.close();
process.stdout.write(JSON.stringify(results));
