/**
 * In real Chromium: a page of another loopback origin cannot deploy, start
 * or read on a server that runs without API keys, and stored XML with an
 * embedded XHTML script does not run as a page of the server's origin.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launch, sample, skipWithoutChromium, startServer, type AppServer } from './browser.js';

/** A page on its own loopback origin (localhost: another site than 127.0.0.1) that serves `html`. */
async function foreignSite(html: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://localhost:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const SCRIPTED_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="scripted" isExecutable="true">
    <bpmn:extensionElements>
      <h:script xmlns:h="http://www.w3.org/1999/xhtml">document.title = 'script ran'; fetch('/api/instances').then(() => { document.title = 'script read'; });</h:script>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start" />
  </bpmn:process>
</bpmn:definitions>`;

describe('browser: another site against a server without API keys', function () {
  this.timeout(60_000);
  let browser: Browser;
  let app: AppServer;

  before(async function () {
    skipWithoutChromium(this);
    browser = await launch();
  });
  after(async () => browser?.close());
  beforeEach(async () => {
    app = await startServer({ keys: false });
  });
  afterEach(async () => app?.close());

  it('should let a foreign page neither deploy (multipart) nor start (text/plain) nor read', async () => {
    // given
    await app.engine.deploy({ name: 'order.bpmn', xml: await sample('order.bpmn') });
    const target = app.base.replace('localhost', '127.0.0.1');
    const site = await foreignSite(`<!doctype html><title>attacker</title><script>
      window.outcome = (async () => {
        const form = new FormData();
        form.append('file', new Blob([${JSON.stringify(await sample('order.bpmn'))}.replace('id="order"', 'id="planted"')], { type: 'application/xml' }), 'planted.bpmn');
        const results = {};
        try { await fetch('${target}/api/deployments', { method: 'POST', body: form, mode: 'no-cors' }); results.deploy = 'sent'; } catch (e) { results.deploy = String(e); }
        try { await fetch('${target}/api/processes/order/instances', { method: 'POST', body: '{"variables":{}}', mode: 'no-cors', headers: { 'content-type': 'text/plain' } }); results.start = 'sent'; } catch (e) { results.start = String(e); }
        try { const r = await fetch('${target}/api/instances'); results.read = await r.text(); } catch (e) { results.read = 'blocked: ' + e.name; }
        return results;
      })();
    </script>`);

    // when
    const page = await browser.newPage();
    await page.goto(site.url);
    const outcome = (await page.evaluate('window.outcome')) as Record<string, string>;
    await page.close();
    await site.close();

    // then: the requests left the browser, and the server acted on none of them
    expect(outcome.deploy).to.equal('sent');
    expect(outcome.read).to.match(/^blocked/);
    expect((await app.engine.definitions()).map((d) => d.processId)).to.deep.equal(['order']);
    expect((await app.engine.queryInstances()).items).to.have.length(0);
  });

  it('should not run a script embedded in stored XML when the XML is opened in the browser', async () => {
    // given
    await app.engine.deploy({ name: 'scripted.bpmn', xml: SCRIPTED_XML });
    const page = await browser.newPage();

    // when
    const response = await page.goto(`${app.base}/api/processes/scripted/versions/1/xml`);
    await page.waitForTimeout(500);

    // then
    expect(response?.headers()['content-security-policy']).to.contain('sandbox');
    expect(await page.title()).to.not.match(/script (ran|read)/);
    await page.close();
  });
});
