/**
 * Secrets per instance (API tokens and the like), kept apart from its
 * variables: stored sealed in their own table, handed to handlers as
 * `job.secrets`, never in the instance's state, history, incidents or FEEL.
 * An instance sees its own secrets over those of the instances that called
 * it, read when each job runs, so a rotation on a parent reaches its live
 * descendants at once.
 */
import { ConflictError, NotFoundError } from '../errors.js';
import { Redactor } from '../safety/redaction.js';
import type { Store } from '../store/store.js';
import type { SecretSealer } from './sealing.js';

export interface SecretNames {
  /** Set on the instance itself. */
  own: string[];
  /** Inherited from the instances that called it, and not overridden. */
  inherited: string[];
}

export class InstanceSecrets {
  constructor(
    private readonly store: Store,
    private readonly sealer: SecretSealer,
  ) {}

  /** Stores the secrets of an instance about to start (nothing when there are none). */
  async prepare(instanceId: string, secrets: Record<string, string>): Promise<void> {
    if (Object.keys(secrets).length) await this.store.putInstanceSecrets(instanceId, this.sealer.seal(secrets));
  }

  /** Takes back what `prepare` stored for an instance that did not start. */
  async discard(instanceId: string): Promise<void> {
    await this.store.putInstanceSecrets(instanceId, undefined);
  }

  /** Replaces an active instance's own secrets (`{}` removes them); NotFoundError or ConflictError for one that is unknown or ended. */
  async replace(instanceId: string, secrets: Record<string, string>): Promise<void> {
    await this.activeInstance(instanceId);
    await this.store.putInstanceSecrets(instanceId, Object.keys(secrets).length ? this.sealer.seal(secrets) : undefined);
  }

  /** Sets the named secrets of an active instance and removes those given as `null`, keeping the others. */
  async update(instanceId: string, changes: Record<string, string | null>): Promise<void> {
    await this.activeInstance(instanceId);
    await this.store.updateInstanceSecrets(instanceId, (sealed) => {
      const secrets = sealed === undefined ? {} : this.sealer.open(sealed);
      for (const [name, value] of Object.entries(changes)) {
        if (value === null) delete secrets[name];
        else secrets[name] = value;
      }
      return Object.keys(secrets).length ? this.sealer.seal(secrets) : undefined;
    });
  }

  /** The secrets the instance sees: those of its callers, the nearest last, then its own. */
  async effective(instanceId: string): Promise<Record<string, string>> {
    const merged: Record<string, string> = {};
    for (const { sealed } of await this.store.instanceSecretsChain(instanceId)) Object.assign(merged, this.sealer.open(sealed));
    return merged;
  }

  async names(instanceId: string): Promise<SecretNames> {
    if (!(await this.store.getInstance(instanceId))) throw new NotFoundError(`no instance '${instanceId}'`);
    const chain = await this.store.instanceSecretsChain(instanceId);
    const own = chain.at(-1)?.instanceId === instanceId ? Object.keys(this.sealer.open(chain.at(-1)!.sealed)) : [];
    const inherited = new Set<string>();
    for (const { instanceId: id, sealed } of chain) if (id !== instanceId) for (const name of Object.keys(this.sealer.open(sealed))) inherited.add(name);
    return { own: own.sort(), inherited: [...inherited].filter((name) => !own.includes(name)).sort() };
  }

  private async activeInstance(instanceId: string): Promise<void> {
    const state = await this.store.getInstance(instanceId);
    if (!state) throw new NotFoundError(`no instance '${instanceId}'`);
    if (state.status !== 'active') throw new ConflictError(`instance ${instanceId} is ${state.status}: its secrets are gone`);
  }

  /** Replaces the values of the instance's secrets in text or results by `***`. */
  async redactorFor(instanceId: string): Promise<Redactor> {
    return new Redactor(Object.values(await this.effective(instanceId)));
  }
}
