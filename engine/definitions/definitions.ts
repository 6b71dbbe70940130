/**
 * Process definitions as a resource: deploying one or several files
 * (refused whole when any file cannot run), metadata (description, tags,
 * the groups that may start a version), suspension and deletion of a
 * version, and the checks every kind of start makes against them.
 *
 * A suspended version starts no instances: `start` refuses with a
 * ConflictError, a due timer start event is put off (see
 * `postponeSuspendedTimer`), message and signal start events pass it by, and
 * a call activity raises an incident. Its running instances go on.
 *
 * A deleted version is kept in the store with `deletedAt` set: its ended
 * instances still show their diagram, a later deployment never gets its
 * version number again, and an instance that started while it was being
 * deleted still runs. Every lookup but `Store.getDefinition` leaves it out.
 */
import type { Clock } from '../clock.js';
import type { CompiledFile, DeployMetadata, DeployRequest, DeployResult, Deployments } from './deployments.js';
import { XmlParseError, ConflictError, InvalidArgumentError, NotFoundError, ValidationError, type ValidationProblem } from '../errors.js';
import { isRepeating, nextDue } from '../expressions/timers.js';
import type { JobRecord } from '../runtime/records.js';
import { startTriggersOf, type StartTimerPayload } from './start-triggers.js';
import type { DefinitionInfo, DefinitionPatch, Store } from '../store/store.js';
import { checkEnvironmentName, DEFAULT_ENVIRONMENT } from './environments.js';
import type { CompiledDmnFile, Decisions } from './decisions.js';
import { bindDecisions, bindingProblems, decisionClashes } from './decision-binding.js';
import { isDmn } from '../dmn/parse.js';

/** A definition version as the API shows it: no XML, no model. */
export interface DefinitionView {
  key: string;
  processId: string;
  version: number;
  name?: string;
  resourceName: string;
  /** ISO 8601. */
  deployedAt: string;
  deployedBy?: string;
  description?: string;
  tags: string[];
  /** Only callers in one of these groups may start it over the API; absent: no restriction. */
  startableBy?: string[];
  suspended: boolean;
  /** The highest version of the process that is not deleted: what starting by process id runs. */
  latest: boolean;
  /** The environment the version belongs to (engine/definitions/environments.ts). */
  environment: string;
}

export interface DefinitionListQuery {
  /** Exactly this process id. */
  processId?: string;
  /** Part of the name, ignoring case. */
  name?: string;
  /** Versions that carry this tag. */
  tag?: string;
  /** Only the latest version of each process. */
  latest?: boolean;
  /** Only versions of this environment. */
  environment?: string;
}

/** The editable metadata of a version; `null` removes a field. */
export interface DefinitionUpdate {
  description?: string | null;
  tags?: string[];
  startableBy?: string[] | null;
}

export interface DeployFile {
  /** The file name; kept as each version's resource name. */
  name: string;
  xml: string;
}

export const METADATA_LIMITS = { description: 4096, tags: 20, tag: 64, groups: 50, group: 128 };

/** How long a due timer start event of a suspended version waits before it looks again (one-off timers; cycles wait for their next due time). */
export const SUSPENDED_TIMER_RECHECK_MS = 60_000;

export class ProcessDefinitions {
  constructor(
    private readonly store: Store,
    private readonly deployments: Deployments,
    private readonly clock: Clock,
    /** Tells the job worker when a new timer start job comes due. */
    private readonly wake: (job: JobRecord) => void,
    private readonly decisions: Decisions,
  ) {}

  /** Deploys one file: a malformed file throws BpmnParseError, one that cannot run ValidationError, and nothing is stored. */
  async deploy(request: DeployRequest): Promise<DeployResult> {
    const metadata = checkDeployMetadata(request);
    if (isDmn(request.name, request.xml))
      return this.storeFiles([], metadata, [await this.decisions.compile({ name: request.name ?? 'decisions.dmn', xml: request.xml })]);
    const file = await this.deployments.compile(request);
    const unbound = bindingProblems([file], []);
    if (unbound.length) throw new ValidationError(unbound);
    return this.storeFiles([file], metadata);
  }

  /**
   * Deploys several files at once, or none of them: when any file is
   * malformed or cannot run, or two files hold the same process, a
   * ValidationError lists the problems of every file (each naming its
   * `resource`) and nothing is stored.
   */
  async deployFiles(files: DeployFile[], options: DeployMetadata = {}): Promise<DeployResult> {
    if (!files.length) throw new InvalidArgumentError('a deployment needs at least one file');
    const metadata = checkDeployMetadata(options);
    const compiled: CompiledFile[] = [];
    const dmn: CompiledDmnFile[] = [];
    const problems: ValidationProblem[] = [];
    for (const file of files) {
      try {
        if (isDmn(file.name, file.xml)) dmn.push(await this.decisions.compile(file));
        else compiled.push(await this.deployments.compile(file));
      } catch (error) {
        problems.push(...problemsOf(error, file.name));
      }
    }
    problems.push(...decisionClashes(dmn), ...bindingProblems(compiled, dmn));
    const seen = new Map<string, string>();
    for (const file of compiled) {
      for (const model of file.processes) {
        const other = seen.get(model.id);
        if (other !== undefined) {
          problems.push({
            resource: file.name,
            processId: model.id,
            message: `the process '${model.id}' is in '${other}' too: one deployment may hold each process once`,
          });
        }
        seen.set(model.id, file.name);
      }
    }
    if (problems.length) throw new ValidationError(problems, files.some((file) => isDmn(file.name, file.xml)) ? 'deployment' : 'BPMN');
    return this.storeFiles(compiled, metadata, dmn);
  }

  /** Versions that are not deleted, by process id and version. */
  async list(query: DefinitionListQuery = {}): Promise<DefinitionView[]> {
    const infos = await this.store.queryDefinitions({ processId: query.processId });
    const latest = latestVersions(infos);
    const name = query.name?.toLowerCase();
    return infos
      .filter((d) => !query.latest || latest.get(d.processId) === d.version)
      .filter((d) => name === undefined || (d.name ?? '').toLowerCase().includes(name))
      .filter((d) => query.tag === undefined || (d.tags ?? []).includes(query.tag))
      .filter((d) => query.environment === undefined || (d.environment ?? DEFAULT_ENVIRONMENT) === query.environment)
      .map((d) => viewOf(d, latest.get(d.processId) === d.version));
  }

  /** One version, or the latest when `version` is undefined. */
  async get(processId: string, version?: number): Promise<DefinitionView> {
    const versions = await this.versionsOf(processId);
    const found = version === undefined ? versions.at(-1)! : versions.find((d) => d.version === version);
    if (!found) throw noVersion(processId, version!);
    return viewOf(found, found === versions.at(-1));
  }

  /** Every version of a process that is not deleted, oldest first; NotFoundError when there is none. */
  async versions(processId: string): Promise<DefinitionView[]> {
    const versions = await this.versionsOf(processId);
    return versions.map((d) => viewOf(d, d === versions.at(-1)));
  }

  /** The XML the version was deployed from, as it was sent. */
  async xml(processId: string, version: number): Promise<string> {
    const info = await this.info(processId, version);
    const definition = await this.store.getDefinition(info.key);
    if (!definition) throw noVersion(processId, version);
    return definition.xml;
  }

  async update(processId: string, version: number, update: DefinitionUpdate): Promise<DefinitionView> {
    const patch: DefinitionPatch = {};
    if (update.description !== undefined) patch.description = update.description === null ? null : checkDescription(update.description);
    if (update.tags !== undefined) patch.tags = checkNames(update.tags, 'tags', METADATA_LIMITS.tags, METADATA_LIMITS.tag);
    if (update.startableBy !== undefined) {
      patch.startableBy = update.startableBy === null ? null : checkNames(update.startableBy, 'startableBy', METADATA_LIMITS.groups, METADATA_LIMITS.group);
    }
    return this.change(processId, version, patch);
  }

  /** Suspends (or with `false` activates) a version; doing it twice changes nothing. */
  setSuspended(processId: string, version: number, suspended: boolean): Promise<DefinitionView> {
    return this.change(processId, version, { suspended });
  }

  /**
   * Deletes a version that has no active instance (ConflictError
   * otherwise). When it was the latest, the previous version becomes the
   * latest and its timer, message and signal start events take over, set
   * up as when it was deployed.
   */
  async delete(processId: string, version: number): Promise<void> {
    const info = await this.info(processId, version);
    const running = await this.store.queryInstances({ definitionKey: info.key, status: 'active', limit: 1 });
    if (running.length) {
      throw new ConflictError(`process '${processId}' version ${version} has active instances; cancel them or let them end first`, {
        processId,
        version,
        instanceId: running[0].id,
      });
    }
    const wasLatest = (await this.store.latestDefinitionKey(processId)) === info.key;
    if (!(await this.store.updateDefinition(info.key, { deletedAt: this.clock.now() }))) throw noVersion(processId, version);
    if (!wasLatest) return;
    const previous = await this.store.latestDefinition(processId);
    const triggers = previous ? startTriggersOf(previous.key, previous.model, this.clock.now()) : { subscriptions: [], jobs: [] };
    await this.store.replaceStartTriggers(processId, triggers);
    for (const job of triggers.jobs) this.wake(job);
  }

  /**
   * What a start by a caller needs to know: throws NotFoundError when the
   * version is deleted and ConflictError when it is suspended.
   */
  async checkStartable(key: string): Promise<DefinitionInfo> {
    const [info] = await this.store.queryDefinitions({ key });
    if (!info) throw new NotFoundError(`no process definition '${key}' is deployed`);
    if (info.suspended) {
      throw new ConflictError(`process '${info.processId}' version ${info.version} is suspended: activate it to start instances`, {
        processId: info.processId,
        version: info.version,
        suspended: true,
      });
    }
    return info;
  }

  private async storeFiles(files: CompiledFile[], metadata: DeployMetadata, dmn: CompiledDmnFile[] = []): Promise<DeployResult> {
    const result: DeployResult = { processes: [], skipped: [], decisions: [] };
    // Decisions first: a process bound to the deployment's decisions records their keys in its model.
    for (const file of dmn) result.decisions!.push(...(await this.decisions.storeFile(file, metadata.deployedBy)));
    bindDecisions(files, result.decisions!);
    for (const file of files) {
      const stored = await this.deployments.storeFile(file, metadata);
      result.processes.push(...stored.processes);
      result.skipped.push(...stored.skipped.map((skipped) => ({ ...skipped, resourceName: file.name })));
    }
    // Each new version's timer, message and signal start events replace the previous version's.
    for (const process of result.processes.filter((p) => p.created)) {
      const { model } = await this.deployments.resolve(process.processId, process.version);
      const triggers = startTriggersOf(process.key, model, this.clock.now());
      await this.store.replaceStartTriggers(process.processId, triggers);
      for (const job of triggers.jobs) this.wake(job);
    }
    return result;
  }

  private async change(processId: string, version: number, patch: DefinitionPatch): Promise<DefinitionView> {
    const info = await this.info(processId, version);
    if (!(await this.store.updateDefinition(info.key, patch))) throw noVersion(processId, version);
    return this.get(processId, version);
  }

  private async info(processId: string, version: number): Promise<DefinitionInfo> {
    const found = (await this.versionsOf(processId)).find((d) => d.version === version);
    if (!found) throw noVersion(processId, version);
    return found;
  }

  private async versionsOf(processId: string): Promise<DefinitionInfo[]> {
    const versions = await this.store.queryDefinitions({ processId });
    if (!versions.length) throw new NotFoundError(`no process '${processId}' is deployed`);
    return versions;
  }
}

/**
 * Whether a version may start instances now (timers, messages, signals,
 * call activities ask). With `callerGroups` (a message or signal sent by a
 * caller who is not an admin), a version with `startableBy` is 'forbidden'
 * unless one of the caller's groups is in it: every way a caller can start
 * an instance checks the same rule.
 */
export async function startableState(store: Store, key: string, callerGroups?: readonly string[]): Promise<'active' | 'suspended' | 'deleted' | 'forbidden'> {
  const [info] = await store.queryDefinitions({ key });
  if (!info) return 'deleted';
  if (callerGroups && !mayStart(info.startableBy, callerGroups)) return 'forbidden';
  return info.suspended ? 'suspended' : 'active';
}

/** A version without `startableBy` may be started by anyone; one with it, by a member of one of its groups (an empty list: admins only). */
export function mayStart(startableBy: readonly string[] | null | undefined, callerGroups: readonly string[]): boolean {
  return startableBy == null || startableBy.some((group) => callerGroups.includes(group));
}

/**
 * A timer start event of a suspended version came due: it starts nothing,
 * and the job waits (same key, lease given up) until its next due time for a
 * cycle or cron, or SUSPENDED_TIMER_RECHECK_MS for a one-off timer, which so
 * fires once soon after the version is activated.
 */
export async function postponeSuspendedTimer(store: Store, job: JobRecord, owner: string, now: number): Promise<void> {
  const { spec, fired } = job.payload as StartTimerPayload;
  const next = isRepeating(spec) ? nextDue(spec, now, fired) : undefined;
  const dueAt = next !== undefined && next > now ? next : now + SUSPENDED_TIMER_RECHECK_MS;
  await store.failJob(job.key, owner, { retries: job.retries, dueAt, errorMessage: `process '${job.processId}' is suspended` });
}

function viewOf(info: DefinitionInfo, latest: boolean): DefinitionView {
  const view: DefinitionView = {
    key: info.key,
    processId: info.processId,
    version: info.version,
    name: info.name,
    resourceName: info.resourceName,
    deployedAt: new Date(info.deployedAt).toISOString(),
    deployedBy: info.deployedBy,
    description: info.description,
    tags: info.tags ?? [],
    startableBy: info.startableBy,
    suspended: info.suspended === true,
    latest,
    environment: info.environment ?? DEFAULT_ENVIRONMENT,
  };
  for (const key of Object.keys(view) as Array<keyof DefinitionView>) if (view[key] === undefined) delete view[key];
  return view;
}

function latestVersions(infos: DefinitionInfo[]): Map<string, number> {
  const latest = new Map<string, number>();
  for (const info of infos) if ((latest.get(info.processId) ?? 0) < info.version) latest.set(info.processId, info.version);
  return latest;
}

function noVersion(processId: string, version: number): NotFoundError {
  return new NotFoundError(`process '${processId}' has no version ${version}`);
}

/** A failed compile as problems of one file of a deployment. */
function problemsOf(error: unknown, resource: string): ValidationProblem[] {
  if (error instanceof ValidationError) return error.problems.map((problem) => ({ ...problem, resource }));
  if (error instanceof XmlParseError) {
    const where = error.line === undefined ? '' : ` (line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`})`;
    const kind = isDmn(resource, '') ? 'DMN' : 'BPMN';
    return [{ resource, elementId: error.elementId, message: `the file is not valid ${kind} XML${where}: ${error.message}` }];
  }
  throw error;
}

function checkDeployMetadata(metadata: DeployMetadata): DeployMetadata {
  const { deployedBy, description, tags, startableBy, environment } = metadata;
  return {
    deployedBy,
    environment: environment === undefined ? undefined : checkEnvironmentName(environment),
    description: description === undefined ? undefined : checkDescription(description),
    tags: tags === undefined ? undefined : checkNames(tags, 'tags', METADATA_LIMITS.tags, METADATA_LIMITS.tag),
    startableBy: startableBy === undefined ? undefined : checkNames(startableBy, 'startableBy', METADATA_LIMITS.groups, METADATA_LIMITS.group),
  };
}

function checkDescription(description: unknown): string {
  if (typeof description !== 'string') throw new InvalidArgumentError('description must be a string');
  if (description.length > METADATA_LIMITS.description) {
    throw new InvalidArgumentError(`description must be at most ${METADATA_LIMITS.description} characters`);
  }
  return description;
}

/** A list of names (tags, groups): non-empty strings, at most `max` of at most `length` characters; duplicates dropped. */
function checkNames(names: unknown, field: string, max: number, length: number): string[] {
  if (!Array.isArray(names)) throw new InvalidArgumentError(`${field} must be a list of strings`);
  const unique = [...new Set(names)];
  for (const name of unique) {
    if (typeof name !== 'string' || !name.trim() || name.length > length) {
      throw new InvalidArgumentError(`each of ${field} must be a non-empty string of at most ${length} characters`);
    }
  }
  if (unique.length > max) throw new InvalidArgumentError(`${field} may hold at most ${max} entries`);
  return unique as string[];
}
