import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import type { ApiKey } from '../../server/auth.js';
import { KEYS, launch, openPage, sample, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';
import { deploy, OPERATOR } from './fixtures.js';

const ANN: ApiKey = { key: 'browser-user-ann-key-0001', name: 'ann', roles: ['user'], groups: ['sales'] };
const BOB: ApiKey = { key: 'browser-user-bob-key-0001', name: 'bob', roles: ['user'], groups: ['support'] };

describe('browser: the tasklist', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: AppServer;

  before(async function () {
    skipWithoutChromium(this);
    [server, browser] = await Promise.all([startServer({ keys: [...Object.values(KEYS), OPERATOR, ANN, BOB] }), launch()]);
    server.engine.handle('charge-card', async (job) => ({ receipt: `R-${String(job.variables.amount)}` }));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should open on the tasklist for a user key, and on the modeler for a deployer key', async () => {
    for (const [key, landing] of [
      [ANN.key, 'Tasklist'],
      [KEYS.deployer.key, 'Modeler'],
    ] as const) {
      const { page, errors, close } = await openPage(browser, server.base);
      await signIn(page, key);
      await page.locator('.tab[aria-current="true"]').waitFor();
      expect(await page.locator('.tab[aria-current="true"]').textContent()).to.equal(landing);
      expect(errors).to.deep.equal([]);
      await close();
    }
  });

  it('should claim and complete a sales task with a generated form, and the cockpit should see the instance complete', async () => {
    // given: an order waits for review by the sales group; an operator watches it in the cockpit
    await deploy(server, 'order.bpmn', await sample('order.bpmn'));
    const { id } = await server.engine.start('order', { variables: { total: 99, note: 'rush' }, businessKey: 'A-7' });
    const cockpit = await openPage(browser, `${server.base}/#/cockpit/instance/${id}`);
    await signIn(cockpit.page, OPERATOR.key);
    await cockpit.page.locator('.djs-element.baton-active[data-element-id="reviewOrder"]').waitFor();

    // when: ann (group sales) opens her tasklist, claims the task and completes it approving the order
    const { page, errors, close } = await openPage(browser, `${server.base}/#/tasklist`);
    await signIn(page, ANN.key);
    const entry = page.locator('a[data-element-id="reviewOrder"]');
    expect(await entry.locator('.process').textContent()).to.match(/^Order · A-7 · /);
    // the filters: unassigned and her groups show it, assigned to her does not, until she claims it
    await page.locator('#filter-assigned').click();
    await page.locator('#task-list', { hasText: 'No open task for you.' }).waitFor();
    await page.locator('#filter-unassigned').click();
    await entry.waitFor();
    await page.locator('#filter-groups').click();
    await entry.waitFor();
    await entry.click();
    await page.locator('#var-total').waitFor();
    expect(await page.locator('#var-total').inputValue()).to.equal('99');
    expect(await page.locator('#var-note').inputValue()).to.equal('rush');
    // the gateway after the task reads `approved`: the form offers it as a checkbox, though the instance has no such variable yet
    expect(await page.locator('[data-variable="approved"] input[type="checkbox"]').count()).to.equal(1);
    expect(await page.locator('[data-variable="approved"] small').textContent()).to.equal('boolean · the next decision reads it');
    await page.locator('#claim-task').click();
    await page.locator('#task-assignee', { hasText: 'ann' }).waitFor();
    await page.locator('#filter-assigned').click();
    await entry.waitFor();
    await page.locator('#var-approved').check();
    await page.locator('#add-task-variable').click();
    await page.locator('.new-variable .new-name').fill('comment');
    await page.locator('.new-variable .new-value').fill('"ok"');
    await screenshot(page, 'tasklist-generated-form');
    await page.locator('#complete-task').click();

    // then: the task is gone from her list, and the cockpit (polling) shows the instance completed
    await page.locator('#task-completed').waitFor();
    await page.locator('#task-list', { hasText: 'No open task for you.' }).waitFor();
    await cockpit.page.locator('#instance-status', { hasText: 'completed' }).waitFor();
    expect(await cockpit.page.locator('[data-variable="receipt"] td.value').textContent()).to.equal('"R-99"');
    expect(await cockpit.page.locator('[data-variable="comment"] td.value').textContent()).to.equal('"ok"');
    expect(await cockpit.page.locator('.djs-element.baton-completed[data-element-id="chargeCard"]').count()).to.equal(1);
    expect(await cockpit.page.locator('.djs-element.baton-taken[data-element-id="yes"]').count()).to.equal(1);
    expect(await cockpit.page.locator('.djs-element.baton-taken[data-element-id="no"]').count()).to.equal(0);
    await screenshot(cockpit.page, 'cockpit-instance-completed');
    expect(errors).to.deep.equal([]);
    expect(cockpit.errors).to.deep.equal([]);
    await Promise.all([close(), cockpit.close()]);
  });

  it('should complete a task with its embedded form-js form, and not show it to another group', async () => {
    // given
    await deploy(server, 'task-form.bpmn', await readFile(new URL('./task-form.bpmn', import.meta.url), 'utf8'));
    const { id } = await server.engine.start('leave', { variables: { employee: 'Eve', days: 3 } });

    // then: bob (group support) does not see it
    const bob = await openPage(browser, `${server.base}/#/tasklist`);
    await signIn(bob.page, BOB.key);
    await bob.page.locator('#task-list', { hasText: 'No open task for you.' }).waitFor();
    await bob.close();

    // when: ann opens it, the form-js form shows the variables, a required field stops the first try
    const { page, errors, close } = await openPage(browser, `${server.base}/#/tasklist`);
    await signIn(page, ANN.key);
    await page.locator('[data-element-id="approve"]').click();
    await page.locator('[data-form="form-js"] .fjs-form').waitFor();
    expect(await page.getByLabel('Employee').inputValue()).to.equal('Eve');
    await page.getByLabel('Approved').check();
    await page.locator('#complete-task').click();
    await page.locator('.fjs-form-field-error', { hasText: /required/i }).waitFor();
    await page.getByLabel('Comment').fill('enjoy');
    await screenshot(page, 'tasklist-form-js');
    await page.locator('#complete-task').click();

    // then
    const done = await server.engine.waitFor(id, 'completed', { timeoutMs: 5000 });
    expect(done.variables).to.include({ approved: true, comment: 'enjoy', days: 3 });
    expect(errors).to.deep.equal([]);
    await close();
  });
});
