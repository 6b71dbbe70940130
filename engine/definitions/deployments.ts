/**
 * Deploying: compile the XML, then store one definition version per
 * executable process. The same XML again finds the stored version; changed
 * XML becomes version n + 1. Compiled models are cached by definition key.
 */
import { createHash } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.js';
import { compileBpmn, type SkippedProcess } from '../model/compile.js';
import type { ProcessModel } from '../model/types.js';
import { startTriggersOf } from './start-triggers.js';
import type { DefinitionInfo, DefinitionRecord, Store } from '../store/store.js';
import { DEFAULT_ENVIRONMENT } from './environments.js';
import type { DeployedDecision } from './decisions.js';

export interface DeployRequest extends DeployMetadata {
  /** The file name, kept with the definition. */
  name?: string;
  xml: string;
}

/** Kept with each version a deployment creates (engine/definitions/definitions.ts checks them). */
export interface DeployMetadata {
  /** Who deploys: the API key's name over REST. */
  deployedBy?: string;
  description?: string;
  tags?: string[];
  /** Only callers in one of these groups may start the new versions over the API. */
  startableBy?: string[];
  /** The environment the new versions belong to (engine/definitions/environments.ts); 'default' when absent. The same XML in another environment is another version. */
  environment?: string;
}

/** A file compiled and its start events checked; nothing is stored yet. */
export interface CompiledFile {
  name: string;
  xml: string;
  hash: string;
  processes: ProcessModel[];
  skipped: SkippedProcess[];
}

export interface DeployedProcess {
  processId: string;
  name?: string;
  version: number;
  key: string;
  /** False when this exact XML was deployed before and its version was returned. */
  created: boolean;
  /** The file it came from. */
  resourceName: string;
}

export interface DeployResult {
  processes: DeployedProcess[];
  /** The decisions of the deployment's `.dmn` files (engine/definitions/decisions.ts). */
  decisions?: DeployedDecision[];
  /** Processes in the file that were not deployed (not executable), with the reason. */
  skipped: SkippedProcess[];
}

export interface ResolvedDefinition {
  key: string;
  processId: string;
  version: number;
  model: ProcessModel;
}

export class Deployments {
  private readonly models = new Map<string, ProcessModel>();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  async deploy(request: DeployRequest): Promise<DeployResult> {
    return this.storeFile(await this.compile(request), request);
  }

  /** Compiles a file and checks its start events, so that a file that cannot run is refused before anything is stored. */
  async compile({ name = 'diagram.bpmn', xml }: DeployRequest): Promise<CompiledFile> {
    const { processes, skipped } = await compileBpmn(xml);
    // Start events whose timer or name is not known at deploy time refuse the file before anything is stored.
    for (const model of processes) startTriggersOf(`${model.id}:check`, model, this.now());
    return { name, xml, hash: createHash('sha256').update(xml).digest('hex'), processes, skipped };
  }

  /** Stores a compiled file: a new version of each process whose XML is new, the existing version of the others. */
  async storeFile(file: CompiledFile, metadata: DeployMetadata = {}): Promise<DeployResult> {
    const deployed: DeployedProcess[] = [];
    for (const model of file.processes) deployed.push(await this.storeVersion(model, file, metadata));
    return { processes: deployed, skipped: file.skipped };
  }

  /** Stores one process, retrying when another engine process took the version number first. */
  private async storeVersion(model: ProcessModel, { hash, name: resourceName, xml }: CompiledFile, metadata: DeployMetadata): Promise<DeployedProcess> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.findInEnvironment(model.id, hash, metadata.environment ?? DEFAULT_ENVIRONMENT);
      if (existing) {
        return { processId: model.id, name: existing.name, version: existing.version, key: existing.key, created: false, resourceName: existing.resourceName };
      }
      // Past deleted versions too: a version number is never given twice.
      const versions = await this.store.queryDefinitions({ processId: model.id, includeDeleted: true });
      const version = (versions.at(-1)?.version ?? 0) + 1;
      const record: DefinitionRecord = {
        key: `${model.id}:${version}`,
        processId: model.id,
        version,
        name: model.name,
        hash,
        resourceName,
        xml,
        model,
        deployedAt: this.now(),
        ...definedOnly(metadata),
      };
      try {
        await this.store.insertDefinition(record);
        this.models.set(record.key, model);
        return { processId: model.id, name: model.name, version, key: record.key, created: true, resourceName };
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 5) throw error;
      }
    }
  }

  /** The version of this XML in the environment, if any (the first lookup finds it in one step unless other environments have it too). */
  private async findInEnvironment(processId: string, hash: string, environment: string): Promise<DefinitionInfo | undefined> {
    const first = await this.store.findDefinitionByHash(processId, hash);
    if (!first || (first.environment ?? DEFAULT_ENVIRONMENT) === environment) return first;
    const versions = await this.store.queryDefinitions({ processId });
    return versions.find((d) => d.hash === hash && (d.environment ?? DEFAULT_ENVIRONMENT) === environment);
  }

  /** The latest (or the given) version of a process, with its model from the cache when it is there. */
  async resolve(processId: string, version?: number): Promise<ResolvedDefinition> {
    const key = version === undefined ? await this.store.latestDefinitionKey(processId) : `${processId}:${version}`;
    if (!key) throw new NotFoundError(`no process '${processId}' is deployed`);
    const model = await this.model(key);
    return { key, processId, version: Number(key.slice(key.lastIndexOf(':') + 1)), model };
  }

  async model(key: string): Promise<ProcessModel> {
    const cached = this.models.get(key);
    if (cached) return cached;
    const definition = await this.store.getDefinition(key);
    if (!definition) throw new NotFoundError(`no process definition '${key}' is deployed`);
    this.models.set(key, definition.model);
    return definition.model;
  }
}

/** The metadata fields that are set, so that a stored record has no undefined fields. */
function definedOnly({ deployedBy, description, tags, startableBy, environment }: DeployMetadata): DeployMetadata {
  const fields: DeployMetadata = { deployedBy, description, tags, startableBy, environment: environment === DEFAULT_ENVIRONMENT ? undefined : environment };
  for (const key of Object.keys(fields) as Array<keyof DeployMetadata>) if (fields[key] === undefined) delete fields[key];
  return fields;
}
