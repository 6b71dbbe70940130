/**
 * Which connectors this server knows: the built-in ones the engine serves in
 * process, and those connector runtimes (`baton connectors`, a separate
 * process) registered with POST /api/connectors/registrations. Kept in
 * memory, per server process: a runtime repeats its registration as a
 * heartbeat, and one not heard from for `expiryMs` is forgotten.
 */
import { InvalidArgumentError, LimitError, parseWithoutProtoKeys, type ElementTemplate } from '../../engine/index.js';

/** The runtime name built-in connectors are listed under. */
export const BUILT_IN = 'built-in';

export const CONNECTOR_LIMITS = {
  /** Connectors in one registration. */
  connectors: 100,
  /** Bytes of one element template as JSON. */
  templateBytes: 256 * 1024,
  /** Runtimes remembered at once: a worker key cannot grow the registry without bound. */
  runtimes: 100,
  /** Characters of a runtime name or a task type. */
  nameLength: 256,
};

/** A registration forgotten after this long without a heartbeat (runtimes repeat theirs every 30 s). */
export const DEFAULT_EXPIRY_MS = 120_000;

export interface ConnectorOffer {
  type: string;
  template: ElementTemplate;
}

export interface ConnectorEntry extends ConnectorOffer {
  /** The template's name. */
  name: string;
  /** The runtime that serves it, or 'built-in'. */
  runtime: string;
  /** The runtime's last registration (ISO 8601); absent for built-ins. */
  lastSeenAt?: string;
}

interface Registration {
  connectors: ConnectorOffer[];
  seenAt: number;
}

export interface RegistryOptions {
  /** The engine's built-in connectors. */
  builtIns?: readonly ConnectorOffer[];
  expiryMs?: number;
  now?: () => number;
}

export class ConnectorRegistry {
  private readonly runtimes = new Map<string, Registration>();
  private readonly builtIns: readonly ConnectorOffer[];
  private readonly expiryMs: number;
  private readonly now: () => number;

  constructor({ builtIns = [], expiryMs = DEFAULT_EXPIRY_MS, now = Date.now }: RegistryOptions = {}) {
    this.builtIns = builtIns;
    this.expiryMs = expiryMs;
    this.now = now;
  }

  /** Checks a registration body and records it, replacing that runtime's previous one. */
  register(body: Record<string, unknown>): { runtime: string; connectors: number; expiresInMs: number } {
    const runtime = checkName(body.runtime, 'runtime');
    if (runtime === BUILT_IN) throw new InvalidArgumentError(`the runtime name '${BUILT_IN}' is the engine's own`);
    const connectors = checkConnectors(body.connectors);
    this.forgetExpired();
    if (!this.runtimes.has(runtime) && this.runtimes.size >= CONNECTOR_LIMITS.runtimes) {
      throw new LimitError(`${CONNECTOR_LIMITS.runtimes} connector runtimes are registered already`, { limit: CONNECTOR_LIMITS.runtimes });
    }
    this.runtimes.delete(runtime); // re-inserted last: the map stays in order of registration
    this.runtimes.set(runtime, { connectors, seenAt: this.now() });
    return { runtime, connectors: connectors.length, expiresInMs: this.expiryMs };
  }

  /** Every connector served now: built-ins first, then by type and runtime. */
  list(): ConnectorEntry[] {
    this.forgetExpired();
    const registered = [...this.runtimes].flatMap(([runtime, { connectors, seenAt }]) =>
      connectors.map((offer) => entry(offer, runtime, new Date(seenAt).toISOString())),
    );
    registered.sort((a, b) => compare(a.type, b.type) || compare(a.runtime, b.runtime));
    return [...this.builtIns.map((offer) => entry(offer, BUILT_IN)), ...registered];
  }

  /** The element templates of every connector served now, each id and version once. */
  templates(): ElementTemplate[] {
    const seen = new Set<string>();
    const templates: ElementTemplate[] = [];
    for (const { template } of this.list()) {
      const id = `${template.id}@${template.version ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      templates.push(template);
    }
    return templates;
  }

  private forgetExpired(): void {
    const oldest = this.now() - this.expiryMs;
    for (const [runtime, { seenAt }] of this.runtimes) if (seenAt < oldest) this.runtimes.delete(runtime);
  }
}

function entry({ type, template }: ConnectorOffer, runtime: string, lastSeenAt?: string): ConnectorEntry {
  return { type, name: template.name, runtime, ...(lastSeenAt ? { lastSeenAt } : {}), template };
}

function checkName(value: unknown, what: string): string {
  if (typeof value !== 'string' || !value.trim() || value.length > CONNECTOR_LIMITS.nameLength) {
    throw new InvalidArgumentError(`${what} must be a non-empty string of at most ${CONNECTOR_LIMITS.nameLength} characters`);
  }
  return value;
}

function checkConnectors(value: unknown): ConnectorOffer[] {
  if (!Array.isArray(value)) throw new InvalidArgumentError('connectors must be a list of { type, template }');
  if (value.length > CONNECTOR_LIMITS.connectors) {
    throw new LimitError(`a registration holds at most ${CONNECTOR_LIMITS.connectors} connectors, not ${value.length}`, { limit: CONNECTOR_LIMITS.connectors });
  }
  const types = new Set<string>();
  return value.map((offer: unknown, index) => {
    if (typeof offer !== 'object' || offer === null || Array.isArray(offer))
      throw new InvalidArgumentError(`connectors[${index}] must be an object { type, template }`);
    const { type, template } = offer as Record<string, unknown>;
    const checked = checkName(type, `connectors[${index}].type`);
    if (checked.startsWith('baton:')) throw new InvalidArgumentError(`connectors[${index}].type: task types starting with 'baton:' are the engine's own`);
    if (types.has(checked)) throw new InvalidArgumentError(`connectors[${index}].type '${checked}' is registered twice`);
    types.add(checked);
    return { type: checked, template: checkTemplate(template, `the template of '${checked}'`) };
  });
}

/** A copy of an element template that is a JSON object with an id, a name and a whole version, within the size limit, and without `__proto__` keys. */
export function checkTemplate(value: unknown, what: string): ElementTemplate {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(`${what} must be a JSON object`);
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes > CONNECTOR_LIMITS.templateBytes) {
    throw new LimitError(`${what} is ${bytes} bytes; the limit is ${CONNECTOR_LIMITS.templateBytes}`, { bytes, limit: CONNECTOR_LIMITS.templateBytes });
  }
  const template = parseWithoutProtoKeys(json, what) as Record<string, unknown>;
  const { id, name, version } = template;
  if (typeof id !== 'string' || !id) throw new InvalidArgumentError(`${what} needs an 'id' string`);
  if (typeof name !== 'string' || !name) throw new InvalidArgumentError(`${what} needs a 'name' string`);
  if (version !== undefined && (!Number.isInteger(version) || (version as number) < 0))
    throw new InvalidArgumentError(`${what}: 'version' must be a whole number`);
  return template as ElementTemplate;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
