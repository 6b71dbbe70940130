/**
 * `{{secrets.NAME}}` in the connector's inputs, as in Camunda: replaced by
 * the instance's secret (`job.secrets`), else by a secret value of the
 * environment (`job.env`, names listed in the environment's `secrets`).
 * The values never leave the request: every message the connector makes
 * passes through `redact` first.
 */
import { MIN_REDACTED_LENGTH, REDACTED } from '../../safety/redaction.js';

const PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z0-9_.-]+)\s*\}\}/g;

/** A placeholder names a secret that neither the instance nor its environment has. */
export class UnknownSecretError extends Error {}

export class Secrets {
  private readonly known = new Map<string, string>();

  constructor(instanceSecrets: Record<string, string>, env: Record<string, string>, environmentSecretNames: string[]) {
    for (const name of environmentSecretNames) if (Object.hasOwn(env, name)) this.known.set(name, env[name]);
    for (const [name, value] of Object.entries(instanceSecrets)) this.known.set(name, value);
  }

  /** `value` with every placeholder in its strings (at any depth) replaced. */
  resolve(value: unknown, field: string): unknown {
    if (typeof value === 'string') return this.resolveText(value, field);
    if (Array.isArray(value)) return value.map((item) => this.resolve(item, field));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        Object.defineProperty(out, key, { value: this.resolve(item, field), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }

  private resolveText(text: string, field: string): string {
    return text.replace(PLACEHOLDER, (_, name: string) => {
      const secret = this.known.get(name);
      if (secret === undefined)
        throw new UnknownSecretError(`the input '${field}' uses {{secrets.${name}}}, but no secret '${name}' exists for this instance or its environment`);
      return secret;
    });
  }

  /** Every secret value, and what it becomes once encoded (JSON, URL, Basic credentials), replaced by ***; `derived` adds values made from secrets. */
  redactor(derived: string[] = []): (text: string) => string {
    const forms = new Set<string>();
    for (const secret of [...this.known.values(), ...derived]) {
      if (secret.length < MIN_REDACTED_LENGTH) continue;
      forms.add(secret).add(JSON.stringify(secret).slice(1, -1)).add(encodeURIComponent(secret));
    }
    const ordered = [...forms].sort((a, b) => b.length - a.length);
    return (text) => ordered.reduce((redacted, form) => (redacted.includes(form) ? redacted.split(form).join(REDACTED) : redacted), text);
  }
}
