/**
 * Secret configuration values (an environment's `secrets`, engine/definitions/environments.ts)
 * reach expressions as `env.NAME` and handlers as `job.env`; an expression
 * that fails with one in its text (`date(env.API_TOKEN)`) would put it into
 * an incident message that every viewer reads. So incident and history
 * messages are redacted before a step is committed, and the server redacts
 * its logs with the same redactor.
 */
import type { Environments } from '../definitions/environments.js';
import type { StepResult } from '../runtime/step.js';

export const REDACTED = '***';

/** Values shorter than this are not redacted: they would match ordinary text (the README says so). */
export const MIN_REDACTED_LENGTH = 4;

export class Redactor {
  /** Each secret as it may appear in a message: as is, and escaped as inside a JSON string; longest first. */
  private readonly forms: string[];

  /** The secret values of every environment. */
  static forEnvironments(environments: Environments): Redactor {
    const secrets: string[] = [];
    for (const config of Object.values(environments)) {
      for (const name of config.secrets ?? []) {
        const value = config.values?.[name];
        if (value !== undefined) secrets.push(value);
      }
    }
    return new Redactor(secrets);
  }

  constructor(secrets: Iterable<string>) {
    const forms = new Set<string>();
    for (const secret of secrets) {
      if (secret.length >= MIN_REDACTED_LENGTH) forms.add(secret).add(JSON.stringify(secret).slice(1, -1));
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  get empty(): boolean {
    return !this.forms.length;
  }

  redact(text: string): string {
    let redacted = text;
    for (const form of this.forms) if (redacted.includes(form)) redacted = redacted.split(form).join(REDACTED);
    return redacted;
  }

  /** Every text inside `value` (a job's result, a thrown error's variables), redacted; the value itself is left as it was. */
  redactDeep<T>(value: T): T {
    if (!this.forms.length) return value;
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((item) => this.redactDeep(item)) as T;
    if (value !== null && typeof value === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [name, item] of Object.entries(value)) if (name !== '__proto__') copy[name] = this.redactDeep(item);
      return copy as T;
    }
    return value;
  }

  /** Incident messages of the state and history messages of the step, before they are stored and published. */
  redactStep({ state, effects }: StepResult): void {
    if (!this.forms.length) return;
    for (const incident of state.incidents) incident.message = this.redact(incident.message);
    for (const event of effects.events) if (event.message !== undefined) event.message = this.redact(event.message);
  }
}
