/**
 * Makes the README's instance-view picture from the running app (not part of `npm test`):
 *
 *   node --import tsx test/browser/screenshots-cockpit.ts
 *
 * writes docs/instance-view.png: an order, reviewed and approved, whose card
 * charge keeps failing: the path it took is marked, the incident on the
 * service task is red with its message, beside the variables and history.
 */
import { mkdir } from 'node:fs/promises';
import { launch, openPage, sample, signIn, startServer, unavailable } from './browser.js';
import { OPERATOR } from './fixtures.js';

const why = unavailable();
if (why) {
  console.error(`screenshots: ${why}`);
  process.exit(1);
}
const docs = new URL('../../docs/', import.meta.url);
await mkdir(docs, { recursive: true });
const [server, browser] = await Promise.all([startServer({ keys: [OPERATOR] }), launch()]);
try {
  const { engine } = server;
  engine.handle('charge-card', async () => {
    throw new Error('card declined: insufficient funds');
  });
  await engine.deploy({ name: 'order.bpmn', xml: await sample('order.bpmn') });
  const { id } = await engine.start('order', { variables: { total: 99, customer: { name: 'Ada', tier: 'gold' } }, businessKey: 'A-42' });
  const [review] = await engine.userTasks({ instanceId: id });
  await engine.completeUserTask(review.id, { approved: true });
  for (let i = 0; i < 100 && !(await engine.getInstance(id)).incidents.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));

  const { page, close } = await openPage(browser, `${server.base}/#/cockpit/instance/${id}`);
  await signIn(page, OPERATOR.key);
  await page.locator('.djs-element.baton-incident[data-element-id="chargeCard"]').waitFor();
  await page.mouse.move(10, 500);
  await page.screenshot({ path: new URL('instance-view.png', docs).pathname });
  console.log('screenshots: wrote docs/instance-view.png');
  await close();
} finally {
  await browser.close();
  await server.close();
}
