import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { KEYS, launch, openPage, sample, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';
import { deploy, OPERATOR } from './fixtures.js';

const element = (page: Page, id: string, marker = '') => page.locator(`.djs-element[data-element-id="${id}"]${marker}`);

describe('browser: the cockpit', function () {
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

  it('should start an instance from the cockpit and show its token on the user task', async () => {
    // given: the order sample is deployed through the API
    await deploy(server, 'order.bpmn', await sample('order.bpmn'));
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, OPERATOR.key);

    // when: the process is picked in the cockpit and started with variables (a typo is caught first)
    await page.locator('.tab[data-view="cockpit"]').click();
    await page.locator('[data-process-id="order"]').click();
    await element(page, 'reviewOrder').waitFor();
    await page.locator('#start-instance').click();
    await page.locator('#start-business-key').fill('A-42');
    await page.locator('#start-variables').fill('{ "total": 99');
    await page.locator('#start-variables-error', { hasText: 'not valid JSON' }).waitFor();
    await page.locator('#start-variables').fill('{ "total": 99 }');
    await page.locator('#start-dialog-submit').click();

    // then: the instance view marks the token on the user task and the path that led there
    await element(page, 'reviewOrder', '.baton-active').waitFor();
    expect(await element(page, 'orderReceived', '.baton-completed').count()).to.equal(1);
    expect(await page.locator('.djs-element.baton-taken[data-element-id="toReview"]').count()).to.equal(1);
    expect(await element(page, 'chargeCard', '.baton-active').count()).to.equal(0);
    expect(await page.locator('#instance-status').textContent()).to.equal('active');
    expect(await page.locator('[data-variable="total"] td.value').textContent()).to.equal('99');
    expect(await page.locator('#history').textContent()).to.contain('element.activated');
    const { items } = await server.engine.queryInstances({ processId: 'order' });
    expect(items.map((i) => i.businessKey)).to.deep.equal(['A-42']);
    await screenshot(page, 'cockpit-instance-token');

    // and the process view counts the active instance on the user task
    await page.locator('#back-to-process').click();
    await page.locator('.cockpit-badge-tokens[data-element-id="reviewOrder"]', { hasText: '1' }).waitFor();
    expect(await page.locator('[data-count="order"]').textContent()).to.equal('1');
    expect(await page.locator('#instance-rows tr').count()).to.equal(1);
    await screenshot(page, 'cockpit-process');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should show an incident in red, and finish the instance once a variable is set and the incident resolved', async () => {
    // given: a script task that adds 1 to `count`
    await deploy(server, 'failing-script.bpmn', await readFile(new URL('./failing-script.bpmn', import.meta.url), 'utf8'));
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/process/addOne`);
    await signIn(page, OPERATOR.key);

    // when: it starts with a count that is not a number
    await page.locator('#start-instance').click();
    await page.locator('#start-variables').fill('{ "count": "a" }');
    await page.locator('#start-dialog-submit').click();

    // then: the script task is red, with the FEEL error
    await element(page, 'add', '.baton-incident').waitFor();
    expect(await page.locator('.incident .incident-message').textContent()).to.contain('count is not a number');
    expect(await page.locator('.cockpit-badge-incidents[data-element-id="add"]').count()).to.equal(1);
    await screenshot(page, 'cockpit-incident');

    // when: count is set to a number and the incident resolved
    await page.locator('[data-variable="count"] [data-edit="count"]').click();
    await page.locator('[data-variable="count"] .inline-edit input').fill('41');
    await page.locator('[data-variable="count"] .inline-edit button').click();
    await page.locator('[data-variable="count"] td.value', { hasText: '41' }).waitFor();
    await page.locator('.incident .resolve').click();

    // then: the instance completes with the script's result, and the incident is gone
    await page.locator('#instance-status', { hasText: 'completed' }).waitFor();
    expect(await page.locator('[data-variable="next"] td.value').textContent()).to.equal('42');
    expect(await page.locator('.incident').count()).to.equal(0);
    expect(await element(page, 'done', '.baton-completed').count()).to.equal(1);
    expect(await page.locator('#history').textContent()).to.contain('incident.resolved');
    await page.locator('[data-count="addOne"]', { hasText: /^0$/ }).waitFor();
    await screenshot(page, 'cockpit-incident-resolved');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should page through the instances, filter them by business key, and cancel one', async () => {
    // given: 25 more active orders (the list shows 20 a page)
    for (let n = 1; n <= 25; n++) await server.engine.start('order', { variables: { total: n }, businessKey: `B-${n}` });
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/process/order`);
    await signIn(page, OPERATOR.key);

    // when / then: pages of 20 by the next cursor
    await page.locator('#instance-rows tr[data-instance-id]').nth(19).waitFor();
    expect(await page.locator('#instance-rows tr[data-instance-id]').count()).to.equal(20);
    await page.locator('#page-next').click();
    await page.locator('.pager', { hasText: 'page 2' }).waitFor();
    expect(await page.locator('#instance-rows tr[data-instance-id]').count()).to.be.greaterThan(0);
    await page.locator('#page-previous').click();
    await page.locator('.pager', { hasText: 'page 1' }).waitFor();

    // when: filtered by one business key, opened and cancelled
    await page.locator('#filter-business-key').fill('B-7');
    await page.locator('#instance-filters button[type="submit"]').click();
    // B-7 is on the unfiltered first page too: wait for the other rows to go, not for B-7 to show.
    await page.locator('#instance-rows tr[data-instance-id]').nth(1).waitFor({ state: 'detached' });
    expect(await page.locator('#instance-rows tr[data-instance-id]').count()).to.equal(1);
    expect(await page.locator('#instance-rows tr[data-instance-id]').textContent()).to.contain('B-7');
    await page.locator('#instance-rows tr[data-instance-id] a').click();
    await page.locator('#cancel-instance').waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator('#cancel-instance').click();

    // then
    await page.locator('#instance-status', { hasText: 'cancelled' }).waitFor();
    expect(await page.locator('.djs-element.baton-active').count()).to.equal(0);
    const { items } = await server.engine.queryInstances({ processId: 'order', businessKey: 'B-7' });
    expect(items[0].status).to.equal('cancelled');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should migrate a waiting instance to a new version', async () => {
    // given: version 2 of the order renames the review task, and an instance waits on version 1
    const { id } = await server.engine.start('order', { variables: { total: 5 }, version: 1 });
    await deploy(server, 'order.bpmn', (await sample('order.bpmn')).replace('name="Review order"', 'name="Review the order"'));
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/instance/${id}`);
    await signIn(page, OPERATOR.key);
    await element(page, 'reviewOrder', '.baton-active').waitFor();

    // when
    await page.locator('#migrate-instance').click();
    await page.locator('#migrate-version').selectOption('2');
    await page.locator('#migrate-dialog button[type="submit"]').click();

    // then: the view shows version 2, the token still on the review task
    await page.locator('#instance-title', { hasText: 'order v2' }).waitFor();
    await element(page, 'reviewOrder', '.baton-active').waitFor();
    expect(await element(page, 'reviewOrder').textContent()).to.contain('Review the order');
    expect((await server.engine.getInstance(id)).version).to.equal(2);
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should activate an element inside a waiting ad-hoc sub-process, with local variables', async () => {
    // given: a support case waits on the first step it was opened with
    await deploy(server, 'support-case.bpmn', await sample('support-case.bpmn'));
    const { id } = await server.engine.start('supportCase', { variables: { firstSteps: ['checkLogs'] } });
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/instance/${id}`);
    await signIn(page, OPERATOR.key);
    await element(page, 'checkLogs', '.baton-active').waitFor();

    // when
    await page.locator('.activate-ad-hoc[data-element="investigate"]').click();
    expect(await page.locator('#ad-hoc-element option').allTextContents()).to.deep.equal([
      'Check the logs (checkLogs)',
      'Call the customer (callCustomer)',
      'Ask engineering (askEngineering)',
    ]);
    await page.locator('#ad-hoc-element').selectOption('askEngineering');
    await page.locator('#ad-hoc-variables').fill('{ "question": "why does the sync stop?" }');
    await page.locator('#ad-hoc-dialog button[type="submit"]').click();

    // then
    await element(page, 'askEngineering', '.baton-active').waitFor();
    const task = (await server.engine.userTasks({ instanceId: id })).find((t) => t.elementId === 'askEngineering')!;
    expect((await server.engine.getUserTask(task.id)).variables).to.include({ question: 'why does the sync stop?' });
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should set and remove secrets write-only: the names are listed, the values never shown', async () => {
    // given
    await deploy(server, 'support-case.bpmn', await sample('support-case.bpmn'));
    const { id } = await server.engine.start('supportCase', { variables: { firstSteps: ['checkLogs'] }, secrets: { crmToken: 'crm-token-000000001' } });
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/instance/${id}`);
    await signIn(page, OPERATOR.key);
    await element(page, 'checkLogs', '.baton-active').waitFor();

    // when
    await page.locator('#instance-secrets').click();
    await page.locator('#secret-names [data-secret="crmToken"]').waitFor();
    await page.locator('#secret-name').fill('ticketToken');
    await page.locator('#secret-value').fill('ticket-token-0000002');
    await page.locator('#secrets-dialog button[type="submit"]').click();
    await page.locator('#secret-names [data-secret="ticketToken"]').waitFor();
    await page.locator('[data-remove-secret="crmToken"]').click();
    await page.locator('#secret-names [data-secret="crmToken"]').waitFor({ state: 'detached' });

    // then
    expect(await server.engine.secretNames(id)).to.deep.equal({ own: ['ticketToken'], inherited: [] });
    const html = await page.content();
    expect(html).not.to.include('crm-token-000000001');
    expect(html).not.to.include('ticket-token-0000002');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should show a viewer the instances without actions, and publish a message and broadcast a signal for an operator', async () => {
    // given
    const { id } = await server.engine.start('order', { variables: { total: 1 }, businessKey: 'V-1' });
    const { page, errors, close } = await openPage(browser, `${server.base}/#/cockpit/process/order`);
    await signIn(page, KEYS.viewer.key);
    await page.locator('#instance-rows tr[data-instance-id]').first().waitFor();

    // then: a viewer reads, but cannot act
    expect(await page.locator('#start-instance').count()).to.equal(0);
    expect(await page.locator('#publish-message').count()).to.equal(0);
    await page.locator('#filter-business-key').fill('V-1');
    await page.locator('#instance-filters button[type="submit"]').click();
    await page.locator(`#instance-rows tr[data-instance-id="${id}"] a`).click();
    await element(page, 'reviewOrder', '.baton-active').waitFor();
    expect(await page.locator('#add-variable').isVisible()).to.equal(false);
    expect(await page.locator('#cancel-instance').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
    await close();

    // and a deployer sees the diagram, told that its key reads no instances
    const deployer = await openPage(browser, `${server.base}/#/cockpit/process/order`);
    await signIn(deployer.page, KEYS.deployer.key);
    await deployer.page.locator('#instances-not-readable').waitFor();
    await element(deployer.page, 'reviewOrder').waitFor();
    expect(deployer.errors).to.deep.equal([]);
    await deployer.close();

    // when: an operator publishes a message and broadcasts a signal nobody waits for
    const operator = await openPage(browser, `${server.base}/#/cockpit`);
    await signIn(operator.page, OPERATOR.key);
    await operator.page.locator('#publish-message').click();
    await operator.page.locator('#message-name').fill('paid');
    await operator.page.locator('#message-correlation-key').fill('A-42');
    await operator.page.locator('#message-dialog-submit').click();
    await operator.page.locator('.notice', { hasText: 'Message paid' }).waitFor();
    await operator.page.locator('#broadcast-signal').click();
    await operator.page.locator('#signal-name').fill('shutdown');
    await operator.page.locator('#signal-dialog-submit').click();
    await operator.page.locator('.notice', { hasText: 'Signal shutdown: reached 0 instances' }).waitFor();
    expect(operator.errors).to.deep.equal([]);
    await operator.close();
  });
});
