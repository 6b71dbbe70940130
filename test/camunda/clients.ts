/**
 * Camunda's own clients pointed at a Baton test server, as a user points
 * them at a cluster: the REST address and the auth strategy. Responses are
 * checked by the client against the official schemas (`res:strict`), and
 * the client does not retry, so a wrong answer fails the spec at once.
 */
import createCamundaClient, { type CamundaClient } from '@camunda8/orchestration-cluster-api';

/**
 * `requests: 'none'` turns the client's own request check off: with it on, version 9.1.5 reads a page
 * `{ limit, after }` as its first pagination variant `{ limit }` and drops `after`, so cursor paging needs it off.
 */
export function camundaClient(base: string, options: { key?: string; requests?: 'strict' | 'none' } = {}): CamundaClient {
  return createCamundaClient({
    config: {
      CAMUNDA_REST_ADDRESS: base,
      CAMUNDA_AUTH_STRATEGY: 'NONE',
      CAMUNDA_SDK_LOG_LEVEL: 'silent',
      CAMUNDA_SDK_VALIDATION: `req:${options.requests ?? 'strict'},res:strict`,
      CAMUNDA_SDK_HTTP_RETRY_MAX_ATTEMPTS: 1,
    },
    // The client has no Bearer strategy of its own: a fixed API key goes in as a header, as a user's fetch would add it.
    fetch: options.key
      ? (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set('authorization', `Bearer ${options.key}`);
          return fetch(input, { ...init, headers });
        }
      : undefined,
  });
}
