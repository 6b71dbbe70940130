/** What the cockpit and tasklist specs share: an operator key, and deploying through the REST API. */
import { expect } from 'chai';
import type { ApiKey } from '../../server/auth.js';
import { KEYS, type AppServer } from './browser.js';

export const OPERATOR: ApiKey = { key: 'browser-operator-key-0001', name: 'olga', roles: ['operator'], groups: [] };

/** Deploys a file through the REST API, as a deployer would. */
export async function deploy(server: AppServer, name: string, xml: string): Promise<void> {
  const response = await fetch(`${server.base}/api/deployments?name=${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEYS.deployer.key}`, 'content-type': 'application/xml' },
    body: xml,
  });
  expect(response.status, await response.clone().text()).to.be.oneOf([200, 201]);
}
