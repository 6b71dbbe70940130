/**
 * The connectors `baton connectors` serves: the built-in ones of
 * engine/connectors. Add a connector here with one line. The REST
 * connector reads its egress settings from the same variables as the server
 * (BATON_HTTP_ALLOW, BATON_HTTP_DENY, BATON_HTTP_MAX_RESPONSE_BYTES); the
 * jobs API sends no environment values, so `{{secrets.NAME}}` is resolved
 * from the instance's secrets only.
 */
import { httpJsonConnector, type Connector } from '../../engine/index.js';
import { readConnectors } from '../../server/http-connector-config.js';

export function connectorCatalog(env: NodeJS.ProcessEnv = process.env): Connector[] {
  const { http } = readConnectors(env);
  return http === false ? [] : [httpJsonConnector(http)];
}
