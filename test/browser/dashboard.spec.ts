import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { KEYS, launch, openPage, sample, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';
import { OPERATOR } from './fixtures.js';

describe('browser: the cockpit dashboard', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: AppServer;

  before(async function () {
    skipWithoutChromium(this);
    [server, browser] = await Promise.all([startServer({ keys: [...Object.values(KEYS), OPERATOR] }), launch()]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should open on a dashboard: counts, a chart of the last 24 h, work per process and the slowest elements', async () => {
    // given: shipping instances that completed, orders waiting at their review (one reviewed after a while), a script that fails
    const { engine } = server;
    await engine.deployFiles([
      { name: 'shipping.dmn', xml: await sample('shipping.dmn') },
      { name: 'shipping.bpmn', xml: await sample('shipping.bpmn') },
      { name: 'order.bpmn', xml: await sample('order.bpmn') },
      { name: 'failing-script.bpmn', xml: await readFile(new URL('./failing-script.bpmn', import.meta.url), 'utf8') },
    ]);
    for (let i = 0; i < 5; i++) await engine.start('shipping', { variables: { weight: i * 6, country: i % 2 ? 'DE' : 'FR', amount: 10 } });
    const orders = await Promise.all([1, 2, 3].map((total) => engine.start('order', { variables: { total } })));
    await engine.start('addOne', { variables: { n: 'not a number' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [review] = await engine.userTasks({ instanceId: orders[0].id });
    await engine.completeUserTask(review.id, { approved: false });

    // when
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, OPERATOR.key);
    await page.locator('.tab[data-view="cockpit"]').click();
    await page.locator('#dashboard-processes tr[data-process-id="order"]').waitFor();

    // then: the counts come from the store's counters and the active instances
    const total = (name: string) => page.locator(`#dashboard-totals [data-total="${name}"] strong`).textContent();
    expect(await total('started')).to.equal('9');
    expect(await total('completed')).to.equal('6');
    expect(await total('incidents')).to.equal('1');
    expect(await total('active')).to.equal('3');
    expect(await total('open-incidents')).to.equal('1');
    expect(await page.locator('#dashboard-chart svg rect.bar-started').count()).to.equal(24);
    expect(await page.locator('#dashboard-processes tr[data-process-id="order"] td').nth(1).textContent()).to.equal('2');
    expect(await page.locator('#dashboard-processes tr[data-process-id="addOne"] td').nth(2).textContent()).to.equal('1');
    expect(await page.locator('#dashboard-slowest tr[data-element-id="reviewOrder"]').count()).to.equal(1);
    await screenshot(page, 'dashboard');

    // and a process in the table leads to its view
    await page.locator('#dashboard-processes a', { hasText: 'order' }).click();
    await page.locator('#instance-rows tr').first().waitFor();
    expect(errors).to.deep.equal([]);
    await close();
  });
});
