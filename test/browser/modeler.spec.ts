import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { KEYS, launch, openPage, sample, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';

describe('browser: the modeler', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: AppServer;

  before(async function () {
    skipWithoutChromium(this);
    [server, browser] = await Promise.all([startServer(), launch()]);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('should open a sample, change a service task type in the properties panel and deploy it as a new version', async () => {
    // given: version 1 of the order sample is deployed, with the task type charge-card
    await server.engine.deploy({ name: 'order.bpmn', xml: await sample('order.bpmn') });
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);
    await page.locator('.djs-container').waitFor();

    // when: the sample is opened from the menu, the service task's type changed, and the diagram deployed
    await page.locator('#open-sample').click();
    await page.locator('[data-sample="order.bpmn"]').click();
    await page.locator('.djs-element[data-element-id="chargeCard"]').click();
    await page.locator('[data-group-id="group-taskDefinition"] .bio-properties-panel-group-header').click();
    const type = page.locator('input[name="taskDefinitionType"]');
    expect(await type.inputValue()).to.equal('charge-card');
    expect(await type.getAttribute('list')).to.equal('baton-task-types'); // suggestions from GET /api/task-types
    expect(await page.locator('#baton-task-types option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))).to.include(
      'charge-card',
    );
    await type.fill('charge-card-v2');
    await page.locator('#check-status', { hasText: 'Engine: ready to deploy' }).waitFor();
    await page.locator('#deploy').click();
    await page.locator('#deploy-status', { hasText: 'Deployed' }).waitFor();
    await screenshot(page, 'modeler-deployed');

    // then: the server has version 2, whose service task has the new type
    const versions = (await server.engine.definitions()).filter((d) => d.processId === 'order').map((d) => d.version);
    expect(versions).to.have.members([1, 2]);
    const { items } = await server.engine.taskTypes();
    expect(items.find((t) => t.type === 'charge-card-v2')?.usedBy).to.deep.equal([{ processId: 'order', version: 2, elementIds: ['chargeCard'] }]);
    expect(await page.locator('#deploy-status').textContent()).to.equal('Deployed: Order v2');
    expect(await page.locator('#diagram-name').textContent()).to.equal('order.bpmn • edited');

    // and the diagram downloads as .bpmn with the change
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-bpmn').click()]);
    expect(download.suggestedFilename()).to.equal('order.bpmn');
    expect(await readFile(await download.path(), 'utf8')).to.include('type="charge-card-v2"');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it("should mark the engine's problems on the element they name while editing", async () => {
    // given
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.admin.key);
    await page.locator('#open-sample').click();
    await page.locator('[data-sample="order.bpmn"]').click();
    await page.locator('#check-status', { hasText: 'Engine: ready to deploy' }).waitFor();

    // when: the service task loses its type
    await page.locator('.djs-element[data-element-id="chargeCard"]').click();
    await page.locator('[data-group-id="group-taskDefinition"] .bio-properties-panel-group-header').click();
    await page.locator('input[name="taskDefinitionType"]').fill('');

    // then: the dry-run deploy's problem is on the service task, and undo takes it away
    await page.locator('.baton-problem-badge[data-element-id="chargeCard"]').waitFor();
    expect(await page.locator('#check-status').textContent()).to.match(/^Engine: 1 problem/);
    await page.locator('#check-status').click();
    expect(await page.locator('#engine-problems li').first().textContent()).to.match(/^chargeCard: /);
    await screenshot(page, 'modeler-engine-problems');
    await page.locator('#undo').click();
    await page.locator('#check-status', { hasText: 'Engine: ready to deploy' }).waitFor();
    expect(await page.locator('.baton-problem-badge').count()).to.equal(0);
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should open a local file with the picker and by drag and drop, undo an edit, and export SVG', async () => {
    // given
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);
    const xml = await sample('order-saga.bpmn');

    // when: a file is picked
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('#open-file').click()]);
    await chooser.setFiles({ name: 'saga.bpmn', mimeType: 'application/xml', buffer: Buffer.from(xml) });

    // then
    await page.locator('#diagram-name', { hasText: 'saga.bpmn' }).waitFor();
    expect(await page.locator('.djs-element[data-element-id="reserveStock"]').count()).to.equal(1);

    // when: an element is removed with the keyboard, then the removal undone with the button
    await page.locator('.djs-element[data-element-id="reserveStock"]').click();
    await page.keyboard.press('Delete');
    expect(await page.locator('.djs-element[data-element-id="reserveStock"]').count()).to.equal(0);
    await page.locator('#undo').click();
    expect(await page.locator('.djs-element[data-element-id="reserveStock"]').count()).to.equal(1);

    // when: another file is dropped on the canvas (the edit was undone, but the diagram stays edited: confirm the discard)
    page.once('dialog', (dialog) => void dialog.accept());
    const transfer = await page.evaluateHandle(
      (text) => {
        const data = new DataTransfer();
        data.items.add(new File([text], 'dropped.bpmn', { type: 'application/xml' }));
        return data;
      },
      await sample('order.bpmn'),
    );
    await page.locator('#canvas').dispatchEvent('drop', { dataTransfer: transfer });

    // then
    await page.locator('#diagram-name', { hasText: 'dropped.bpmn' }).waitFor();
    expect(await page.locator('.djs-element[data-element-id="chargeCard"]').count()).to.equal(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-svg').click()]);
    expect(download.suggestedFilename()).to.equal('dropped.svg');
    expect(await readFile(await download.path(), 'utf8')).to.match(/^<\?xml[\s\S]*<svg[\s\S]*Charge card/);
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should open a new diagram without lint errors, and list the lint findings with their element and rule', async () => {
    // given
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);

    // when: the new diagram is there, and the engine accepts it
    await page.locator('#check-status', { hasText: 'Engine: ready to deploy' }).waitFor();
    await page.locator('#lint-status', { hasText: 'Lint:' }).waitFor();

    // then: hints only (no end event, no label), no errors; the list names the element and the rule
    expect(await page.locator('#lint-status').textContent()).to.match(/^Lint: 0 errors, [1-9]\d* warnings?$/);
    await page.locator('#lint-status').click();
    const findings = await page.locator('#lint-problems li').allTextContents();
    expect(
      findings.some((text) => /^StartEvent_1: .*\(label-required, warning\)$/.test(text)),
      findings.join('\n'),
    ).to.equal(true);
    expect(await page.locator('#lint-problems li[data-category="error"]').count()).to.equal(0);

    // and a click on a finding selects its element
    await page.locator('#lint-problems li[data-element-id="StartEvent_1"] button').first().click();
    await page.locator('.djs-element.selected[data-element-id="StartEvent_1"]').waitFor();
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should show a viewer no deploy button, and the API should refuse its deploy', async () => {
    // given
    const { page, errors, close } = await openPage(browser, server.base);

    // when
    await signIn(page, KEYS.viewer.key);
    await page.locator('#open-sample').click();
    await page.locator('[data-sample="order.bpmn"]').click();
    await page.locator('.djs-element[data-element-id="chargeCard"]').waitFor();

    // then
    expect(await page.locator('#deploy').count()).to.equal(0);
    expect(await page.locator('#read-only-note').textContent()).to.equal('Read only: your key cannot deploy');
    expect(await page.locator('.identity').textContent()).to.equal('victor · viewer');
    const refused = await page.evaluate(async (key) => {
      const response = await fetch('/api/deployments', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
        body: '<x/>',
      });
      return response.status;
    }, KEYS.viewer.key);
    expect(refused).to.equal(403);
    await screenshot(page, 'modeler-viewer');
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should ask for a key again after logging out, and refuse an unknown one', async () => {
    // given
    const { page, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.viewer.key);

    // when
    await page.locator('#logout').click();
    await page.locator('#api-key').fill('not-a-key-of-this-server');
    await page.getByRole('button', { name: 'Sign in' }).click();

    // then
    await page.locator('.login-error', { hasText: 'The server does not know this key.' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('baton.apiKey'))).to.equal(null);
    await screenshot(page, 'login');
    await close();
  });

  it('should need no sign-in when the server has no API keys', async () => {
    // given
    const open = await startServer({ keys: false, store: 'sqlite' });
    const { page, errors, close } = await openPage(browser, open.base);

    // when
    await page.locator('header.topbar').waitFor();

    // then
    expect(await page.locator('.identity').textContent()).to.equal('no authentication');
    expect(await page.locator('#deploy').count()).to.equal(1);
    expect(await page.locator('.tab').allTextContents()).to.deep.equal(['Modeler', 'Decisions', 'Cockpit', 'Tasklist']);
    // and bpmnlint, packed at build time with Baton's configuration, flags the new diagram's missing end event as a warning only
    await page.locator('.bjsl-button-warning').waitFor();
    expect((await page.locator('.bjsl-button-warning').textContent())?.trim()).to.match(/^0 Errors?,\s*\d+ Warnings?$/);
    expect(errors).to.deep.equal([]);
    await close();
    await open.close();
  });
});
