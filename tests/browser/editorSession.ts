import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUser, TEST_PASSWORD, type ApiClient } from '../support/api.ts';
import type { TestServer } from '../support/server.ts';
import { createPageInUi, signIn } from './browser.ts';

export interface EditingStudent {
  student: Awaited<ReturnType<typeof createUser>>;
  context: BrowserContext;
  page: Page;
  pageId: string;
}

/**
 * A new student, signed in in their own browser context, in the connected editor of a page they
 * just created. `prepare` runs on the context before any page opens (e.g. to route its WebSockets).
 */
export async function studentInEditor(
  browser: Browser,
  server: TestServer,
  admin: ApiClient,
  name: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<EditingStudent> {
  const student = await createUser(admin, 'student', name);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await prepare?.(context);
  const page = await context.newPage();
  await signIn(page, server.url, student.email, TEST_PASSWORD);
  const pageId = await createPageInUi(page, server.url, `${name}'s notes`);
  return { student, context, page, pageId };
}

/**
 * Records every label the connection indicator shows from now on, so a test can prove that a
 * label ("Connected") never came back, not just that it is absent at the moment it looks.
 */
export async function recordIndicatorLabels(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __indicatorLabels: string[] }).__indicatorLabels = seen;
    const read = () => {
      const label = document.querySelector('[data-testid="connection-indicator"]')?.textContent ?? '';
      if (label && seen[seen.length - 1] !== label) seen.push(label);
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  return () => page.evaluate(() => (window as unknown as { __indicatorLabels: string[] }).__indicatorLabels);
}
