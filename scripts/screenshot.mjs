// Screenshots a page in headless Chromium: node scripts/screenshot.mjs URL OUT.png [--dark] [--wait MS] [--width W]
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, findChrome } from './find-chrome.mjs';

export async function screenshot(url, out, { dark = false, waitMs = 3000, width = 900, height = 1100 } = {}) {
  const browser = await chromium.launch({ executablePath: findChrome(), args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light', deviceScaleFactor: 1 });
    const logs = [];
    page.on('console', (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => logs.push(`pageerror: ${err.message}`));
    await page.goto(url);
    await page.waitForTimeout(waitMs);
    await page.screenshot({ path: out, fullPage: true });
    return logs;
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, out = 'screenshot.png'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const logs = await screenshot(url, out, { dark: process.argv.includes('--dark'), waitMs: arg('--wait', 3000), width: arg('--width', 900) });
  for (const line of logs) console.log(line);
  console.log(`wrote ${out}`);
}
