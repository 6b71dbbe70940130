import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { ConnectorRuntime } from '../../connectors/runtime/runtime.js';
import type { ApiKey } from '../../server/auth.js';
import { echoConnector } from '../connectors/fixtures/echo-connector.js';
import { KEYS, launch, openPage, screenshot, signIn, skipWithoutChromium, startServer, type AppServer } from './browser.js';

const WORKER: ApiKey = { key: 'browser-worker-key-000001', name: 'connectors', roles: ['worker'], groups: [] };

describe('browser: element templates in the modeler', function () {
  this.timeout(60_000);
  let browser: Browser;
  let server: AppServer;
  let runtime: ConnectorRuntime | undefined;

  before(async function () {
    skipWithoutChromium(this);
    [server, browser] = await Promise.all([startServer({ keys: [...Object.values(KEYS), WORKER] }), launch()]);
  });

  after(async () => {
    await runtime?.stop();
    await browser?.close();
    await server?.close();
  });

  it("should apply a registered runtime's template to a service task, so the XML gets its task type and inputs", async () => {
    // given: a connector runtime serving the echo connector has registered with the server
    runtime = new ConnectorRuntime({ url: server.base, key: WORKER.key, name: 'browser-runtime', connectors: [echoConnector()], pollTimeoutMs: 500 });
    await runtime.start();
    const { page, errors, close } = await openPage(browser, server.base);
    await signIn(page, KEYS.deployer.key);
    await page.locator('#open-sample').click();
    await page.locator('[data-sample="order.bpmn"]').click();

    // when: the service task is selected, the echo template applied and its message filled in
    await page.locator('.djs-element[data-element-id="chargeCard"]').click();
    const choice = page.locator('#template-select');
    expect(await choice.locator('option').allTextContents()).to.include('Echo (test) (v1)');
    await choice.selectOption({ label: 'Echo (test) (v1)' });
    await page.locator('#template-apply').click();
    const message = page.locator('[data-binding="zeebe:input:message"]');
    expect(await message.inputValue()).to.equal('hello');
    await message.fill('hi there');
    await message.press('Tab');
    await screenshot(page, 'modeler-element-template');

    // then: the downloaded diagram has the template's task type, input and marker
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-bpmn').click()]);
    const xml = await readFile(await download.path(), 'utf8');
    expect(xml).to.include('zeebe:modelerTemplate="io.baton.test:echo:1"').and.include('zeebe:modelerTemplateVersion="1"');
    expect(xml).to.match(/<zeebe:taskDefinition type="test-echo"\s*\/>/);
    expect(xml).to.include('<zeebe:input source="hi there" target="message" />');
    expect(xml).to.not.include('charge-card');
    expect(errors).to.deep.equal([]);
    await close();
  });
});
