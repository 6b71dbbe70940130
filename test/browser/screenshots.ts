/**
 * Makes the README's pictures from the running app (not part of `npm test`):
 *
 *   node --import tsx test/browser/screenshots.ts
 *
 * writes docs/modeler.png: the order sample open, its service task selected
 * with the Zeebe task definition and input mappings in the properties panel.
 */
import { mkdir } from 'node:fs/promises';
import { KEYS, launch, openPage, signIn, startServer, unavailable } from './browser.js';

const why = unavailable();
if (why) {
  console.error(`screenshots: ${why}`);
  process.exit(1);
}
const docs = new URL('../../docs/', import.meta.url);
await mkdir(docs, { recursive: true });
const [server, browser] = await Promise.all([startServer(), launch()]);
try {
  const { page, close } = await openPage(browser, server.base);
  await signIn(page, KEYS.deployer.key);
  await page.locator('#open-sample').click();
  await page.locator('[data-sample="order.bpmn"]').click();
  await page.locator('.djs-element[data-element-id="chargeCard"]').click();
  await page.locator('[data-group-id="group-taskDefinition"] .bio-properties-panel-group-header').click();
  await page.locator('[data-group-id="group-inputs"] .bio-properties-panel-group-header').click();
  await page.locator('[data-group-id="group-inputs"] .bio-properties-panel-collapsible-entry-header').first().click();
  await page.locator('#check-status', { hasText: 'Engine: ready to deploy' }).waitFor();
  await page.mouse.move(700, 600); // no hover effects in the picture
  await page.screenshot({ path: new URL('modeler.png', docs).pathname });
  console.log('screenshots: wrote docs/modeler.png');
  await close();
} finally {
  await browser.close();
  await server.close();
}
