import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { KEYS, launch, openPage, sample, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';

describe('browser: the decisions editor', function () {
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

  const shippingCost = async (): Promise<unknown> => {
    const instance = await server.engine.start('shipping', { variables: { weight: 1, country: 'DE', amount: 10 } });
    const view = await server.engine.getInstance(instance.id);
    expect(view.status).to.equal('completed');
    return (view.variables.shipping as { cost: unknown }).cost;
  };

  it('should edit a rule of the shipping sample, deploy it, and have the next instance take the new result', async () => {
    // given: the shipping process and its decisions, where a letter at home costs 1.6
    await server.engine.deployFiles([
      { name: 'shipping.dmn', xml: await sample('shipping.dmn') },
      { name: 'shipping.bpmn', xml: await sample('shipping.bpmn') },
    ]);
    expect(await shippingCost()).to.equal(1.6);
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);
    await page.locator('a.tab[data-view="decisions"]').click();

    // when: the sample is opened, the decision table shown, and the letter's cost changed to 2.5
    await page.locator('#dmn-open-sample').click();
    await page.locator('#dmn-samples-menu [data-sample="shipping.dmn"]').click();
    await page.locator('#dmn-views [data-view-type="drd"]').waitFor();
    await page.locator('#dmn-views [data-element="shipping-rate"][data-view-type="decisionTable"]').click();
    const cell = page.locator('td[data-element-id="letter-home-cost"] [contenteditable]');
    await cell.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2.5');
    await page.locator('#dmn-name', { hasText: 'edited' }).waitFor();
    await page.locator('#dmn-check-status', { hasText: 'Engine: ready to deploy' }).waitFor();
    await screenshot(page, 'dmn-editor');
    await page.locator('#dmn-deploy').click();
    await page.locator('#dmn-deploy-status', { hasText: 'Deployed' }).waitFor();

    // then: shipping-rate has version 2, and a new instance of the process takes the new cost
    expect(await page.locator('#dmn-deploy-status').textContent()).to.include('shipping-rate v2');
    expect((await server.engine.decision('shipping-rate')).version).to.equal(2);
    expect(await shippingCost()).to.equal(2.5);
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should show an evaluated decision in the instance history: each decision, its matched rule and result', async () => {
    // given: an instance that evaluated shipping-rate (and the size class it requires)
    const instance = await server.engine.start('shipping', { variables: { weight: 5, country: 'FR', amount: 10 } });
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.admin.key);

    // when
    await page.goto(`${server.base}/#/cockpit/instance/${instance.id}`);
    const details = page.locator('#history .decision-event[data-decision="shipping-rate"]');
    await details.locator('summary').click();

    // then
    expect(await details.locator('summary').textContent()).to.match(/^shipping-rate v\d+$/);
    expect(await details.locator('[data-decision-id="size-class"]').textContent()).to.equal('Size class → "parcel"');
    expect(await details.locator('[data-decision-id="shipping-rate"] .matched-rules li').allTextContents()).to.deep.equal([
      'rule #3 (abroad): {"carrier":"UPS","cost":15}',
    ]);
    expect(errors).to.deep.equal([]);
    await close();
  });

  it('should list the engine’s problems with a new file, naming the element', async () => {
    // given
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);
    await page.locator('a.tab[data-view="decisions"]').click();
    await page.locator('#dmn-check-status', { hasText: 'Engine: ready to deploy' }).waitFor();

    // when: the rule's output becomes FEEL that does not parse
    await page.locator('#dmn-views [data-view-type="decisionTable"]').first().click();
    await page.locator('td.output-cell[data-row-id] [contenteditable]').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('1 +* 2');

    // then
    await page.locator('#dmn-check-status', { hasText: 'Engine: 1 problem' }).waitFor();
    expect(await page.locator('#dmn-problems li').first().textContent()).to.match(/^Rule_\w+: output entry/);
    expect(errors).to.deep.equal([]);
    await close();
  });
});
