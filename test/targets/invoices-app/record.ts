// Records one HAR per role the way a person would make it: headless Chromium
// (Debian's, driven by playwright-core) signs in through the app's own login
// form and clicks through what that role does, with Playwright's recordHar
// writing every request and answer to the file.
import { chromium, type Page } from 'playwright-core';
import type { InvoicesApp, User } from './server.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type RoleName = keyof InvoicesApp['users'];

// Page-side code as strings: this file is type-checked without the DOM library.
async function status(page: Page, text: string): Promise<void> {
  await page.waitForFunction(`document.querySelector('#status')?.textContent === ${JSON.stringify(text)}`);
  await page.evaluate(`document.querySelector('#status').textContent = ''`);
}

async function detailShows(page: Page, text: string): Promise<void> {
  await page.waitForFunction(`(document.querySelector('#detail')?.textContent ?? '').includes(${JSON.stringify(text)})`);
}

async function create(page: Page, customer: string, amount: number): Promise<void> {
  await page.fill('#customer', customer);
  await page.fill('#amount', String(amount));
  await page.click('#save');
  await status(page, 'saved');
}

async function onRow(page: Page, customer: string, action: 'open' | 'edit' | 'approve' | 'delete'): Promise<void> {
  await page.click(`tr[data-customer="${customer}"] button.${action}`);
}

/** What each role does in its recording: the owner everything, staff its daily work, the viewer only reads. */
const WALKS: Record<RoleName, (page: Page) => Promise<void>> = {
  owner: async (page) => {
    await page.click('#members-btn');
    await status(page, 'members');
    await onRow(page, 'Initech', 'open');
    await detailShows(page, 'Initech');
    await create(page, 'Wayne Enterprises', 500);
    await onRow(page, 'Wayne Enterprises', 'edit');
    await page.fill('#amount', '550');
    await page.click('#save');
    await status(page, 'saved');
    await onRow(page, 'Wayne Enterprises', 'approve');
    await status(page, 'approved');
    await onRow(page, 'Wayne Enterprises', 'delete');
    await status(page, 'deleted');
  },
  staff: async (page) => {
    await onRow(page, 'Umbrella', 'open');
    await detailShows(page, 'Umbrella');
    await create(page, 'Stark Industries', 75);
    await onRow(page, 'Stark Industries', 'edit');
    await page.fill('#customer', 'Stark Industries Ltd');
    await page.click('#save');
    await status(page, 'saved');
    await onRow(page, 'Stark Industries Ltd', 'delete');
    await status(page, 'deleted');
  },
  viewer: async (page) => {
    await onRow(page, 'Initech', 'open');
    await detailShows(page, 'Initech');
    await onRow(page, 'Umbrella', 'open');
    await detailShows(page, 'Umbrella');
  },
  outsider: async (page) => {
    await onRow(page, 'Hooli', 'open');
    await detailShows(page, 'Hooli');
    await create(page, 'Pied Piper', 120);
    await onRow(page, 'Pied Piper', 'approve');
    await status(page, 'approved');
  },
};

/**
 * Signs `user` in through the login form, walks the role's path, signs out,
 * and writes the HAR to `harPath`. Resolves when the file is written.
 */
export async function recordRole(appUrl: string, role: RoleName, user: User, harPath: string): Promise<void> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ recordHar: { path: harPath } });
    const page = await context.newPage();
    await page.goto(appUrl);
    await page.fill('#email', user.email);
    await page.fill('#password', user.password);
    await page.click('#login button[type=submit]');
    await status(page, 'ready');
    await WALKS[role](page);
    await page.click('#logout');
    await page.waitForSelector('#login:not([hidden])');
    // The HAR is written when the context closes.
    await context.close();
  } finally {
    await browser.close();
  }
}
