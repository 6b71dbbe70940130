/**
 * Decisions as a resource: `.dmn` files deployed alone or beside `.bpmn`
 * files (each decision of a changed file gets version n + 1; the same file
 * again finds the latest versions), listed, evaluated directly, and loaded
 * for the steps whose business rule tasks evaluate them.
 */
import { createHash } from 'node:crypto';
import { compileDmn } from '../dmn/compile.js';
import { evaluateDecision, type DecisionEvaluation } from '../dmn/evaluate.js';
import type { DecisionCatalog, DecisionGraph, DecisionVersion } from '../dmn/types.js';
import { ConflictError, InvalidArgumentError, NotFoundError } from '../errors.js';
import type { FeelGlobals } from '../expressions/feel.js';
import type { ProcessModel } from '../model/types.js';
import type { DecisionInfo, Store } from '../store/store.js';

export interface CompiledDmnFile {
  name: string;
  xml: string;
  hash: string;
  graph: DecisionGraph;
}

export interface DeployedDecision {
  decisionId: string;
  name?: string;
  version: number;
  key: string;
  /** The `<definitions>` id of its file. */
  requirementsId: string;
  /** False when the file was the latest version's already. */
  created: boolean;
  resourceName: string;
}

/** A direct evaluation's answer. */
export interface DecisionResult extends DecisionEvaluation {
  decisionKey: string;
  version: number;
}

/** A decision version as the API shows it: no XML, no graph. */
export interface DecisionView extends Omit<DecisionInfo, 'hash' | 'deployedAt'> {
  /** ISO 8601. */
  deployedAt: string;
  latest: boolean;
}

export class Decisions {
  /** Versions never change, so their graphs are kept by key. */
  private readonly versions = new Map<string, DecisionVersion>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async compile({ name, xml }: { name: string; xml: string }): Promise<CompiledDmnFile> {
    return { name, xml, hash: createHash('sha256').update(xml).digest('hex'), graph: await compileDmn(xml) };
  }

  async storeFile(file: CompiledDmnFile, deployedBy?: string): Promise<DeployedDecision[]> {
    const deployed: DeployedDecision[] = [];
    for (const decision of Object.values(file.graph.decisions)) deployed.push(await this.storeVersion(decision.id, decision.name, file, deployedBy));
    return deployed;
  }

  /** Stores one decision, retrying when another engine process took the version number first. */
  private async storeVersion(decisionId: string, name: string | undefined, file: CompiledDmnFile, deployedBy?: string): Promise<DeployedDecision> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.store.latestDecision(decisionId);
      const base = { decisionId, requirementsId: file.graph.id, resourceName: file.name, ...(name ? { name } : {}) };
      if (latest && latest.hash === file.hash) return { ...base, version: latest.version, key: latest.key, created: false, resourceName: latest.resourceName };
      const version = (latest?.version ?? 0) + 1;
      const key = `${decisionId}:${version}`;
      try {
        await this.store.insertDecision({
          ...base,
          key,
          version,
          hash: file.hash,
          xml: file.xml,
          graph: file.graph,
          deployedAt: this.now(),
          ...(deployedBy ? { deployedBy } : {}),
        });
        return { ...base, version, key, created: true };
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      }
    }
  }

  /** Every version (of one decision id when given), by decision id and version. */
  async list(decisionId?: string): Promise<DecisionView[]> {
    const infos = await this.store.queryDecisions({ decisionId });
    const latest = new Map(infos.map((d) => [d.decisionId, d.version]));
    return infos.map((d) => viewOf(d, latest.get(d.decisionId) === d.version));
  }

  /** The latest version of a decision, or the given one. */
  async get(decisionId: string, version?: number): Promise<DecisionView> {
    const versions = await this.list(decisionId);
    const found = version === undefined ? versions.at(-1) : versions.find((d) => d.version === version);
    if (!found)
      throw new NotFoundError(version === undefined ? `no decision '${decisionId}' is deployed` : `decision '${decisionId}' has no version ${version}`);
    return found;
  }

  /** Evaluates the latest (or the given) version with the variables given: a failure is an InvalidArgumentError naming the decision and rule. */
  async evaluate(decisionId: string, variables: Record<string, unknown>, version?: number, globals?: FeelGlobals): Promise<DecisionResult> {
    const found = version === undefined ? await this.latest(decisionId) : await this.byKey(`${decisionId}:${version}`);
    if (!found)
      throw new NotFoundError(version === undefined ? `no decision '${decisionId}' is deployed` : `decision '${decisionId}' has no version ${version}`);
    const outcome = evaluateDecision(found.graph, found.decisionId, {
      lookup: (name) => (Object.hasOwn(variables, name) ? variables[name] : undefined),
      now: this.now(),
      globals,
    });
    if (!outcome.ok) {
      throw new InvalidArgumentError(
        `decision '${found.key}'${outcome.decisionId === decisionId ? '' : `, required decision '${outcome.decisionId}'`}: ${outcome.message}`,
        {
          decisionId: outcome.decisionId,
          ...(outcome.ruleId ? { ruleId: outcome.ruleId } : {}),
        },
      );
    }
    return { ...outcome.evaluation, decisionKey: found.key, version: found.version };
  }

  /**
   * The decisions a step of the model may evaluate: the latest version of
   * each static decision id, the version bound at deploy, and, when a
   * decision id is FEEL, the latest version of every decision.
   */
  async catalogFor(model: ProcessModel): Promise<DecisionCatalog | undefined> {
    const called = calledDecisionsOf(model);
    if (!called.length) return undefined;
    const catalog: DecisionCatalog = {};
    const ids = new Set<string>();
    for (const decision of called) {
      if (decision.binding === 'deployment' && decision.decisionKey) {
        const found = await this.byKey(decision.decisionKey);
        if (found) catalog[found.key] = found;
      } else if (decision.decisionId.kind === 'static') {
        ids.add(decision.decisionId.value);
      } else {
        for (const info of await this.store.queryDecisions({})) ids.add(info.decisionId);
      }
    }
    for (const id of ids) {
      const found = await this.latest(id);
      if (found) catalog[id] = found;
    }
    return catalog;
  }

  private async latest(decisionId: string): Promise<DecisionVersion | undefined> {
    const key = (await this.store.queryDecisions({ decisionId })).at(-1)?.key;
    return key === undefined ? undefined : this.byKey(key);
  }

  private async byKey(key: string): Promise<DecisionVersion | undefined> {
    const cached = this.versions.get(key);
    if (cached) return cached;
    const record = await this.store.getDecision(key);
    if (!record) return undefined;
    const version: DecisionVersion = { key: record.key, decisionId: record.decisionId, version: record.version, graph: record.graph };
    if (this.versions.size > 1_000) this.versions.clear();
    this.versions.set(key, version);
    return version;
  }
}

type CalledDecision = NonNullable<ProcessModel['elements'][string]['calledDecision']>;

/** A model never changes, and every step asks: the scan of its elements is done once per model. */
const calledByModel = new WeakMap<ProcessModel, CalledDecision[]>();

function calledDecisionsOf(model: ProcessModel): CalledDecision[] {
  let called = calledByModel.get(model);
  if (!called) {
    called = Object.values(model.elements).flatMap((e) => (e.calledDecision ? [e.calledDecision] : []));
    calledByModel.set(model, called);
  }
  return called;
}

function viewOf({ hash: _hash, deployedAt, ...info }: DecisionInfo, latest: boolean): DecisionView {
  return { ...info, deployedAt: new Date(deployedAt).toISOString(), latest };
}
