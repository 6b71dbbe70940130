/**
 * Environments at run time and promotion between them (engine/definitions/environments.ts
 * has the configuration and the rules): which environment a definition
 * belongs to, what its instances and handlers see as `env`, the latest
 * version of an environment, and promoting a version to the next one.
 */
import type { Deployments, DeployedProcess } from './deployments.js';
import { ConflictError, NotFoundError, PromotionError } from '../errors.js';
import { checkEnvironmentName, DEFAULT_ENVIRONMENT, environmentGlobals, environmentReferences, nextEnvironment, type Environments } from './environments.js';
import type { FeelGlobals } from '../expressions/feel.js';
import type { JobRecord } from '../runtime/records.js';
import { startTriggersOf } from './start-triggers.js';
import type { DefinitionRecord, Store } from '../store/store.js';

export interface PromotionCheck {
  processId: string;
  version: number;
  from: string;
  to: string;
  /** Every `env.NAME` the version's expressions read. */
  references: string[];
  /** Those without a non-empty value in the target environment. */
  missing: string[];
}

export interface PromotionResult extends DeployedProcess {
  environment: string;
  /** The version it was promoted from. */
  promotedFrom: { key: string; environment: string };
}

export interface PromoteOptions {
  /** Who promotes: kept as the new version's `deployedBy`. */
  promotedBy?: string;
}

export class EnvironmentService {
  /** Definition key -> environment: a version never changes environment. */
  private readonly environmentByKey = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly deployments: Deployments,
    readonly environments: Environments,
    private readonly now: () => number,
    /** Tells the job worker when a new timer start job comes due. */
    private readonly wake: (job: JobRecord) => void,
  ) {}

  async environmentOf(definitionKey: string): Promise<string> {
    let environment = this.environmentByKey.get(definitionKey);
    if (environment === undefined) {
      const definition = await this.store.getDefinition(definitionKey);
      environment = definition?.environment ?? DEFAULT_ENVIRONMENT;
      if (definition) this.environmentByKey.set(definitionKey, environment);
    }
    return environment;
  }

  /** What every FEEL expression of the definition's instances sees besides their variables: `env`. */
  async globals(definitionKey: string): Promise<FeelGlobals> {
    return environmentGlobals(this.environments, await this.environmentOf(definitionKey));
  }

  /** The configuration values handlers see as `job.env`. */
  async values(definitionKey: string): Promise<Record<string, string>> {
    return { ...(this.environments[await this.environmentOf(definitionKey)]?.values ?? {}) };
  }

  /** The latest version of a process deployed in an environment. */
  async latestVersionIn(processId: string, environment: string): Promise<number> {
    checkEnvironmentName(environment);
    // Most processes live in one environment: the latest version is then the answer, found by one indexed read.
    const newest = await this.store.latestDefinitionKey(processId);
    if (newest && (await this.environmentOf(newest)) === environment) return Number(newest.slice(newest.lastIndexOf(':') + 1));
    const all = await this.store.queryDefinitions({ processId });
    const latest = all.filter((d) => (d.environment ?? DEFAULT_ENVIRONMENT) === environment).at(-1);
    if (latest) return latest.version;
    const elsewhere = [...new Set(all.map((d) => d.environment ?? DEFAULT_ENVIRONMENT))];
    const hint = elsewhere.length ? ` (its versions are deployed in ${elsewhere.join(', ')})` : '';
    throw new NotFoundError(`no version of process '${processId}' is deployed in environment '${environment}'${hint}`);
  }

  /**
   * Whether a version may be promoted to `target`, without promoting it:
   * ConflictError when the promotion path does not lead there from the
   * version's environment; the answer lists the `env` names that have no
   * value in the target (promotion refuses while any is missing).
   */
  async check(processId: string, version: number, target: string): Promise<PromotionCheck & { definition: DefinitionRecord }> {
    checkEnvironmentName(target, 'target');
    const definition = await this.store.getDefinition(`${processId}:${version}`);
    if (!definition || definition.deletedAt !== undefined) throw new NotFoundError(`process '${processId}' has no version ${version}`);
    const from = definition.environment ?? DEFAULT_ENVIRONMENT;
    const next = nextEnvironment(this.environments, from);
    if (target !== next) {
      const path = next === undefined ? `versions of '${from}' are not promoted anywhere` : `versions of '${from}' are promoted to '${next}' only`;
      throw new ConflictError(`cannot promote ${definition.key} from '${from}' to '${target}': ${path}`, { from, to: target, next: next ?? null });
    }
    const references = environmentReferences(definition.model);
    const values = this.environments[target]?.values ?? {};
    const missing = references.filter((name) => !values[name]);
    return { definition, processId, version, from, to: target, references, missing };
  }

  /**
   * Creates the version's XML as a version of the target environment (the
   * existing one when it was promoted before), allowed while instances run.
   * PromotionError (422) lists the `env` names the target lacks.
   */
  async promote(processId: string, version: number, target: string, options: PromoteOptions = {}): Promise<PromotionResult> {
    const { definition, from, missing } = await this.check(processId, version, target);
    if (missing.length) {
      throw new PromotionError(
        `cannot promote ${definition.key} to '${target}': it reads ${missing.map((n) => `env.${n}`).join(', ')}, which '${target}' does not define`,
        {
          environment: target,
          missing,
        },
      );
    }
    const { xml, hash, model, resourceName, description, tags, startableBy } = definition;
    const file = { name: resourceName, xml, hash, processes: [model], skipped: [] };
    const metadata = { deployedBy: options.promotedBy, description, tags, startableBy, environment: target };
    const [deployed] = (await this.deployments.storeFile(file, metadata)).processes;
    if (deployed.created) {
      // As for a deployment: the new version's timer, message and signal start events take over.
      const triggers = startTriggersOf(deployed.key, model, this.now());
      await this.store.replaceStartTriggers(processId, triggers);
      for (const job of triggers.jobs) this.wake(job);
    }
    return { ...deployed, environment: target, promotedFrom: { key: definition.key, environment: from } };
  }
}
