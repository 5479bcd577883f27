import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type TestServer } from '../support/server.ts';

/** Chromium from the system (or CHROMIUM_PATH); the browser tests never download one. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    throw new Error(
      `No Chromium at ${executablePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A real server (port 0, temp data dir) and Chromium for one test file. */
export async function startServerAndBrowser(): Promise<{ server: TestServer; browser: Browser }> {
  const server = await startServer();
  try {
    return { server, browser: await launchBrowser() };
  } catch (err: unknown) {
    await server.stop();
    throw err;
  }
}

export async function stopServerAndBrowser(server?: TestServer, browser?: Browser): Promise<void> {
  await browser?.close();
  await server?.stop();
}

/** Signs in through the login form and waits until the app has left `/login`. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  if (!page.url().includes('/login')) await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await acknowledgeGuidelines(page);
}

/**
 * Waits until the app has checked the guidelines for professional conduct and acknowledges them
 * when it asks (the dialog appears at a user's first sign-in and blocks the page behind it).
 */
export async function acknowledgeGuidelines(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.guidelines !== undefined, undefined, {
    timeout: 15_000,
  });
  const state = await page.evaluate(() => document.documentElement.dataset.guidelines);
  if (state !== 'prompted') return;
  const dialog = page.getByRole('dialog', { name: 'Guidelines for professional conduct' });
  await dialog.getByRole('button', { name: 'I acknowledge' }).click();
  await dialog.waitFor({ state: 'detached' });
}

/** A new browser context signed in as the given user, on the page list. */
export async function signedInPage(
  browser: Browser,
  baseUrl: string,
  email: string,
  password: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await signIn(page, baseUrl, email, password);
  return { context, page };
}

/** Creates a page through the "New page" form and waits for its editor to be connected. */
export async function createPageInUi(page: Page, baseUrl: string, title: string): Promise<string> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Create page' }).click();
  await page.waitForURL(/\/pages\/[^/]+$/);
  await connectionIndicator(page).getByText('Connected').waitFor({ timeout: 15_000 });
  return new URL(page.url()).pathname.split('/').pop() ?? '';
}

export function connectionIndicator(page: Page) {
  return page.getByTestId('connection-indicator');
}

export function editorArea(page: Page) {
  return page.locator('.ProseMirror');
}
