// Screenshots of the demo page — the three elements together — in light and
// dark, taken in headless Chromium and checked: every element became ready,
// the arena drew the pitch, and each theme really is light or dark. The PNGs
// are left in .tmp/screenshots/ to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChrome } from '../../scripts/find-chrome.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const root = new URL('../..', import.meta.url).pathname;
const outDir = `${root}.tmp/screenshots`;
let server;
let browser;

before(async () => {
  mkdirSync(outDir, { recursive: true });
  server = await serveStatic({ root, port: 0, isolate: true });
  browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** Mean luminance (0–1) of the pixels in a rectangle of a PNG screenshot, measured in the page. */
async function luminance(page, png, rect) {
  return page.evaluate(async ({ data, rect }) => {
    const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${data}`)).blob());
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bitmap, 0, 0);
    const { data: px } = ctx.getImageData(rect.x, rect.y, rect.width, rect.height);
    let sum = 0;
    let green = 0;
    for (let i = 0; i < px.length; i += 4) {
      sum += (0.2126 * px[i] + 0.7152 * px[i + 1] + 0.0722 * px[i + 2]) / 255;
      if (px[i + 1] > px[i] + 30 && px[i + 1] > px[i + 2] + 20) green++;
    }
    return { mean: sum / (px.length / 4), greenShare: green / (px.length / 4) };
  }, { data: png.toString('base64'), rect });
}

for (const scheme of ['light', 'dark']) {
  test(`demo page in ${scheme}: all three elements ready, the pitch drawn, the theme applied`, { timeout: 60_000 }, async () => {
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 }, colorScheme: scheme });
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/demo/index.html`);
    await page.waitForFunction(() => ['drill-arena', 'drill-trainer-controls', 'drill-metrics'].every((tag) => document.querySelector(tag)?.capabilities));
    // Let the show draw some frames.
    await page.waitForTimeout(1500);
    const png = await page.screenshot({ path: `${outDir}/demo-${scheme}.png`, fullPage: true });
    const box = async (selector) => page.locator(selector).boundingBox();
    const arena = await box('drill-arena');
    const controls = await box('drill-trainer-controls');
    const pitch = await luminance(page, png, { x: Math.round(arena.x + arena.width * 0.3), y: Math.round(arena.y + arena.height * 0.4), width: Math.round(arena.width * 0.4), height: Math.round(arena.height * 0.2) });
    assert.ok(pitch.greenShare > 0.5, `the arena shows a green pitch (${(pitch.greenShare * 100).toFixed(0)}% green)`);
    const panel = await luminance(page, png, { x: Math.round(controls.x + 4), y: Math.round(controls.y + 4), width: 20, height: 20 });
    if (scheme === 'light') assert.ok(panel.mean > 0.8, `the controls are light (luminance ${panel.mean.toFixed(2)})`);
    else assert.ok(panel.mean < 0.25, `the controls are dark (luminance ${panel.mean.toFixed(2)})`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
