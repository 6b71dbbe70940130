/**
 * The connectors `baton connectors` serves: the built-in ones of
 * engine/connectors. Add a connector here with one line.
 */
import type { Connector } from '../../engine/connectors/connector.js';

export const CONNECTORS: readonly Connector[] = [
  // httpJson, from '../../engine/connectors/http-json.js' (the REST connector), goes here.
];
