// Shared helpers for the browser tests: one headless Debian Chromium, a fresh
// context per user, screenshots into output/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.CHIBO_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const OUT = join(here, 'output');
export const PASSWORD = 'chibo-demo';
export const PHONE = { width: 360, height: 740 };
export const DESK = { width: 1280, height: 800 };
mkdirSync(OUT, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A new user: own cookies and localStorage, phone or desk sized, Vietnamese.
export async function newUser(browser, viewport = PHONE, name = 'user') {
  const context = await browser.newContext({
    viewport, deviceScaleFactor: 1, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh',
    isMobile: viewport.width < 600, hasTouch: viewport.width < 600,
  });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(`${name} console: ${m.text()}`); });
  return { context, page };
}

// What the user sees on screen (not the whole page), optionally after
// scrolling `at` (a locator) to the top of the screen.
export async function shot(page, file, at) {
  if (at) await at.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(250);  // let the toast and scrolling settle
  await page.screenshot({ path: join(OUT, file) });
}

// Signs in through the form; resolves when the first page after login shows.
export async function login(page, user) {
  await page.goto(BASE + '/#/login');
  await page.getByLabel('Tên đăng nhập').fill(user);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#conn[data-state="ready"]').waitFor();
}

// Polls fn until it returns truthy (for assertions on what the page shows).
export async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last instanceof Error ? ': ' + last.message : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const fixture = (name) => join(here, 'fixtures', name);

// Sends one request over the page's own connection (window.chibo.conn), as
// the signed-in user of that page: for reading what the server says (the
// roster) without going around the client.
export function rpc(page, op, args) {
  return page.evaluate(([o, a]) => window.chibo.conn.request(o, a), [op, args]);
}
