/**
 * The public facade. An engine owns a store, the deployed definitions, and
 * an in-process job worker. Every change to an instance is a step: load the
 * state, apply one trigger, commit the new state with its effects under a
 * rev check, retry on conflict.
 */
import { Decisions, type DecisionResult, type DecisionView } from './definitions/decisions.js';
import { randomUUID } from 'node:crypto';
import { timeOrderedId } from './instances/time-ordered-id.js';
import { systemClock, type Clock } from './clock.js';
import { dryRunDeploy, type DryRunResult } from './definitions/dry-run.js';
import { Deployments, type DeployMetadata, type DeployRequest, type DeployResult } from './definitions/deployments.js';
import { ProcessDefinitions, type DefinitionListQuery, type DefinitionUpdate, type DefinitionView, type DeployFile } from './definitions/definitions.js';
import {
  ExternalJobs,
  type ActivateJobsRequest,
  type CompleteJobOptions,
  type ActivatedJob,
  type FailJobRequest,
  type ThrowJobErrorRequest,
} from './jobs/external-jobs.js';
import { BpmnError, InvalidArgumentError, LimitError, NotFoundError } from './errors.js';
import { HistoryEmitter } from './instances/history.js';
import type { JobHandler } from './jobs/job.js';
import { JobAvailability } from './jobs/availability.js';
import { JobWorker, type WorkerOptions } from './jobs/worker.js';
import { JobReports } from './jobs/reports.js';
import { Correlation, type BroadcastSignal, type PublishMessage, type PublishResult } from './messaging/correlation.js';
import { registerInternalJobs } from './jobs/internal-jobs.js';
import type { HistoryEvent, JobRecord, UserTaskRecord } from './runtime/records.js';
import type { InstanceStatus } from './runtime/state.js';
import type { Trigger } from './runtime/triggers.js';
import type { StepResult } from './runtime/step.js';
import type { ListenerResult } from './runtime/listeners.js';
import type { AdHocActivation } from './runtime/behaviours/adhoc.js';
import { Retention, retentionOptions, type RetentionOptions } from './instances/retention.js';
import { Steps } from './instances/steps.js';
import { builtinConnectors, type ConnectorsOptions } from './connectors/builtins.js';
import type { Connector, ElementTemplate } from './connectors/connector.js';
import { describeTaskTypes, type TaskTypes } from './jobs/task-types.js';
import { Telemetry } from './telemetry.js';
import { openStore, type StoreOption } from './store/open.js';
import type { SqliteStoreOptions } from './store/sqlite.js';
import type { Store, UserTaskPage, UserTaskPageQuery, UserTaskQuery } from './store/store.js';
import { declaredSearchAttributes, toStoreQuery, type InstanceSearch } from './search/query.js';
import { migrateInstance, type MigrateOptions } from './instances/migration.js';
import { DEFAULT_ENVIRONMENT, parseEnvironments, type Environments } from './definitions/environments.js';
import { Redactor } from './safety/redaction.js';
import { checkSecretChanges, checkSecrets } from './secrets/check.js';
import { InstanceSecrets, type SecretNames } from './secrets/instance-secrets.js';
import { SecretSealer } from './secrets/sealing.js';
import { EnvironmentService, type PromoteOptions, type PromotionCheck, type PromotionResult } from './definitions/promotion.js';
import { checkVariables, DEFAULT_LIMITS, type Limits } from './safety/limits.js';
import { budgetOptions, type BudgetOptions } from './budget/options.js';
import { StepRunner } from './budget/step-runner.js';
import { parseDefinitionKey } from './definitions/definition-key.js';
import { instanceView, scopeViews, type InstanceView, type ScopeView } from './instances/views.js';
import { dashboard, type Dashboard } from './instances/dashboard.js';
import { waitForStatus } from './instances/wait-for.js';
import { claimUserTask, unclaimUserTask, userTaskDetails, type UserTaskDetails } from './instances/user-tasks.js';
import { findIncident, queryIncidents, type IncidentDetails, type IncidentPage, type IncidentQuery } from './instances/incidents.js';

export interface SetVariablesOptions {
  /** An active element (`activeElements[].tokenId`) whose scope the variables are set from; the root scope when left out. */
  tokenId?: string;
  /** Set them in that scope itself instead of where each already exists. */
  local?: boolean;
}

export interface EngineOptions {
  /** `'memory'` (default), `'sqlite:<file>'`, or a Store adapter. */
  store?: StoreOption;
  /**
   * How a `'sqlite:<file>'` store is opened. `synchronous: 'NORMAL'` commits without waiting for the
   * disk: a killed process loses nothing, a power cut or OS crash may lose the last commits. Default FULL.
   */
  sqlite?: SqliteStoreOptions;
  clock?: Clock;
  /** Makes instance ids; by default UUIDs that sort by creation time (./instances/time-ordered-id.ts). */
  newId?: () => string;
  /** The job worker's settings; `owner` defaults to a name unique to this engine. */
  jobs?: Partial<WorkerOptions>;
  limits?: Partial<Limits>;
  /** Called with errors that have no caller to go to (a failed report from a background job). */
  onError?: (error: unknown) => void;
  /** How deep call activities may nest before the call is refused with an incident (default 50). */
  maxCallDepth?: number;
  /** Configuration values and promotion path per environment (engine/definitions/environments.ts). */
  environments?: Environments;
  /** What one step may spend in time and memory (engine/budget/options.ts); over it, an incident on the instance. */
  budget?: Partial<BudgetOptions>;
  /** Seals instance secrets at rest with AES-256-GCM (at least 16 characters); without it they are stored as JSON. */
  secretKey?: string;
  /** Built-in connectors (engine/connectors/builtins.ts): the REST connector is on unless `{ http: false }`. */
  connectors?: ConnectorsOptions;
  /** When ended instances are deleted (engine/instances/retention.ts): after `days` (default 30; 0 keeps them), `batchSize` per run, every `intervalMs`. */
  retention?: Partial<RetentionOptions>;
}

export interface StartOptions {
  variables?: Record<string, unknown>;
  businessKey?: string;
  /** Start this version instead of the latest. */
  version?: number;
  /** Start the latest version deployed in this environment (with `version`: that version, which must belong to it). */
  environment?: string;
  /** Secrets of this instance (and of the instances its call activities start), apart from its variables: `job.secrets`. */
  secrets?: Record<string, string>;
}

export interface WaitOptions {
  /** Give up after this long (default 30 s) with a TimeoutError. */
  timeoutMs?: number;
}

export interface InstancePage {
  items: InstanceView[];
  /** Pass as `after` to get the next page; absent on the last page. */
  next?: string;
}

/** A deployed version with its metadata (engine/definitions/definitions.ts). */
export type DefinitionSummary = DefinitionView;

/** Where background errors go when the host gives no `onError`. */
const reportToConsole = (error: unknown): void => console.error('[baton]', error);

export class Engine extends HistoryEmitter {
  private readonly deployments: Deployments;
  private readonly processDefinitions: ProcessDefinitions;
  private readonly decisionService: Decisions;
  private readonly environmentService: EnvironmentService;
  private readonly worker: JobWorker;
  private readonly steps: Steps;
  private readonly correlation: Correlation;
  private readonly externalJobs: ExternalJobs;
  private readonly limits: Limits;
  private readonly runner: StepRunner;
  private readonly redactor: Redactor;
  private readonly secrets: InstanceSecrets;
  /** How every job's outcome reaches its instance, from handlers and external workers alike (engine/jobs/reports.ts). */
  private readonly reports: JobReports;
  private readonly retention: Retention;
  private readonly onError: (error: unknown) => void;
  private readonly workerOptions: WorkerOptions;
  /** Task types served by a built-in connector (until `handle` takes one over). */
  private readonly connectorTypes = new Set<string>();
  /** The built-in connectors with their element templates, for GET /api/connectors. */
  private readonly connectors: Connector[];
  private closed = false;
  /** Operational events (jobs leased, completed, failed; step durations) for metrics; `engine.on` has the history events. */
  readonly telemetry = new Telemetry();

  private constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly newId: () => string,
    options: EngineOptions,
  ) {
    super();
    // Parts are built in dependency order and refer only to parts already built; the two
    // loops (steps hand jobs to the worker whose outcomes run steps; commits reach the
    // correlation that runs steps) close through `worker.start` and `steps.onCommitted`.
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.runner = new StepRunner(budgetOptions(options.budget), this.limits);
    this.onError = options.onError ?? reportToConsole;
    this.deployments = new Deployments(store, () => clock.now());
    this.secrets = new InstanceSecrets(store, new SecretSealer(options.secretKey));
    const environments = parseEnvironments(options.environments);
    this.redactor = Redactor.forEnvironments(environments);
    const availability = new JobAvailability();
    const announce = (job: JobRecord) => availability.announce([job]);
    const environmentService = new EnvironmentService(store, this.deployments, environments, () => clock.now(), announce);
    this.environmentService = environmentService;
    const decisionService = new Decisions(store, () => clock.now());
    this.decisionService = decisionService;
    this.processDefinitions = new ProcessDefinitions(store, this.deployments, clock, announce, decisionService);
    this.workerOptions = {
      owner: `baton-${randomUUID()}`,
      lockMs: 30_000,
      pollIntervalMs: 1_000,
      maxConcurrent: 64,
      retryBackoffMs: 1_000,
      ...options.jobs,
    };
    const secrets = this.secrets;
    this.worker = new JobWorker(
      store,
      clock,
      {
        reportError: this.onError,
        observe: (event) => this.telemetry.emit(event),
        environmentOf: (job) => environmentService.values(job.definitionKey),
        secretsOf: async (job) => (job.instanceId ? secrets.effective(job.instanceId) : {}),
      },
      this.workerOptions,
    );
    const worker = this.worker;
    availability.listen((jobs) => {
      for (const job of jobs) if (!job.lockOwner) worker.wakeFor(job);
    });
    this.steps = new Steps(
      store,
      this.deployments,
      clock,
      worker,
      availability,
      {
        globals: (definitionKey) => environmentService.globals(definitionKey),
        decisions: (model) => decisionService.catalogFor(model),
        redact: (result) => this.redactStep(result),
        timed: (trigger, seconds) => this.telemetry.emit({ type: 'step', trigger, seconds }),
      },
      this.runner,
    );
    this.steps.onCommitted((events) => this.emitHistory(events));
    const correlation = new Correlation(store, this.steps, this.deployments, clock, newId, this.onError);
    this.correlation = correlation;
    this.steps.onCommitted((_events, effects, state) => {
      if (effects.createSubscriptions.length) correlation.inBackground(() => correlation.subscriptionsOpened(effects.createSubscriptions), this.onError);
      // A message buffered for a message start event may have waited for this instance to end.
      if (state.businessKey && state.status !== 'active' && effects.events.some((e) => e.type === `instance.${state.status}`)) {
        const { processId, businessKey } = state;
        correlation.inBackground(() => correlation.instanceEnded(processId, businessKey), this.onError);
      }
    });
    this.reports = new JobReports({
      store,
      steps: this.steps,
      clock,
      limits: this.limits,
      secrets,
      observe: (event) => this.telemetry.emit(event),
      released: announce,
    });
    this.externalJobs = new ExternalJobs(store, clock, this.steps, this.limits, {
      pollIntervalMs: this.workerOptions.pollIntervalMs,
      observe: (event) => this.telemetry.emit(event),
      secrets,
      reports: this.reports,
    });
    const externalJobs = this.externalJobs;
    availability.listen((jobs) => externalJobs.jobsCreated(jobs));
    const connectors = builtinConnectors(options.connectors, {
      environmentSecretNames: async (job) => {
        const environment = await environmentService.environmentOf(job.context.definitionKey);
        return environmentService.environments[environment]?.secrets ?? [];
      },
    });
    this.connectors = connectors;
    for (const connector of connectors) {
      this.worker.register(connector.type, connector.handler);
      this.connectorTypes.add(connector.type);
    }
    registerInternalJobs({
      store,
      steps: this.steps,
      deployments: this.deployments,
      correlation: this.correlation,
      clock,
      worker: this.worker,
      workerId: this.workerOptions.owner,
      maxCallDepth: options.maxCallDepth ?? 50,
    });
    this.retention = new Retention(
      {
        store,
        deployments: this.deployments,
        clock,
        worker: this.worker,
        workerId: this.workerOptions.owner,
        onError: this.onError,
        purged: (instances) => this.telemetry.emit({ type: 'retention.purged', instances }),
      },
      retentionOptions(options.retention),
    );
  }

  static async open(options: EngineOptions = {}): Promise<Engine> {
    // A refused WAL sync is reported like any background error (the store then refuses every write).
    const store = await openStore(options.store, { onSyncFailure: options.onError ?? reportToConsole, ...options.sqlite });
    const engine = new Engine(store, options.clock ?? systemClock, options.newId ?? (() => timeOrderedId()), options);
    await engine.retention.schedule();
    engine.worker.start(engine.reports);
    return engine;
  }

  /** Registers the handler for a task type; jobs of that type run in this process from now on. */
  handle(type: string, handler: JobHandler): this {
    if (!type) throw new InvalidArgumentError('a handler needs a task type');
    if (type.startsWith('baton:')) throw new InvalidArgumentError("task types starting with 'baton:' are the engine's own");
    this.worker.register(type, handler);
    this.connectorTypes.delete(type);
    return this;
  }

  /** The built-in connectors this engine serves (those not taken over by `handle`), with their element templates. */
  builtInConnectors(): Array<{ type: string; template: ElementTemplate }> {
    return this.connectors.filter((c) => this.connectorTypes.has(c.type)).map(({ type, template }) => ({ type, template: structuredClone(template) }));
  }

  /** Deploys a file; each new version's timer, message and signal start events replace the previous version's. */
  deploy(request: DeployRequest): Promise<DeployResult> {
    return this.processDefinitions.deploy(request);
  }

  /**
   * Compiles the XML as a deploy would and stores nothing: what it would
   * deploy, skip, and the problems it found. A DMN file (by a `name` ending
   * in .dmn, or by its namespace) answers with its decisions.
   */
  checkDeployment(xml: string, name?: string): Promise<DryRunResult> {
    return dryRunDeploy(xml, this.clock.now(), name);
  }

  /** Deploys several files, or none of them: a ValidationError lists the problems of every file that cannot run. */
  deployFiles(files: DeployFile[], metadata: DeployMetadata = {}): Promise<DeployResult> {
    return this.processDefinitions.deployFiles(files, metadata);
  }

  /** Deployed decision versions (of one decision id when given), without XML, by decision id and version. */
  decisions(decisionId?: string): Promise<DecisionView[]> {
    return this.decisionService.list(decisionId);
  }

  /** One version of a decision, the latest when `version` is left out; NotFoundError when there is none. */
  decision(decisionId: string, version?: number): Promise<DecisionView> {
    return this.decisionService.get(decisionId, version);
  }

  /**
   * Evaluates the latest (or the given) version of a decision with the
   * variables given, outside any instance: the result, and each decision
   * evaluated with its matched rules. A failure is an InvalidArgumentError
   * naming the decision (and rule) in `details`.
   */
  evaluateDecision(decisionId: string, variables: Record<string, unknown> = {}, version?: number): Promise<DecisionResult> {
    return this.decisionService.evaluate(decisionId, checkVariables(variables, this.limits), version);
  }

  /** Deployed versions (deleted ones left out) with their metadata, without XML and model; filtered by process id, name, tag, latest only. */
  definitions(query: DefinitionListQuery = {}): Promise<DefinitionSummary[]> {
    return this.processDefinitions.list(query);
  }

  /** One version of a process, the latest when `version` is left out; NotFoundError when there is none. */
  definition(processId: string, version?: number): Promise<DefinitionSummary> {
    return this.processDefinitions.get(processId, version);
  }

  /** Every version of a process, oldest first. */
  definitionVersions(processId: string): Promise<DefinitionSummary[]> {
    return this.processDefinitions.versions(processId);
  }

  /** The XML a version was deployed from. */
  definitionXml(processId: string, version: number): Promise<string> {
    return this.processDefinitions.xml(processId, version);
  }

  /** Changes a version's description, tags or startableBy (`null` removes one). */
  updateDefinition(processId: string, version: number, update: DefinitionUpdate): Promise<DefinitionSummary> {
    return this.processDefinitions.update(processId, version, update);
  }

  /** A suspended version starts no instances (start, timers, messages, signals, call activities); its running instances go on. */
  suspendDefinition(processId: string, version: number): Promise<DefinitionSummary> {
    return this.processDefinitions.setSuspended(processId, version, true);
  }

  activateDefinition(processId: string, version: number): Promise<DefinitionSummary> {
    return this.processDefinitions.setSuspended(processId, version, false);
  }

  /** Deletes a version without active instances (ConflictError otherwise); the previous version's start events take over when it was the latest. */
  deleteDefinition(processId: string, version: number): Promise<void> {
    return this.processDefinitions.delete(processId, version);
  }

  /**
   * Starts a process at its none start event; resolves once the first step
   * has committed. Which version: `version` when given (with `environment`,
   * it must belong there), else the latest in `environment`, which is
   * `default` when left out (a version promoted to staging is not what a
   * start that names no environment gets).
   */
  async start(processId: string, options: StartOptions = {}): Promise<InstanceView> {
    const variables = checkVariables(options.variables ?? {}, this.limits);
    const version =
      options.environment === undefined && options.version !== undefined
        ? options.version
        : await this.versionIn(processId, options.environment ?? DEFAULT_ENVIRONMENT, options.version);
    const definition = await this.deployments.resolve(processId, version);
    await this.processDefinitions.checkStartable(definition.key);
    const secrets = checkSecrets(options.secrets ?? {});
    const id = this.newId();
    // Stored before the first step, whose jobs may run at once.
    await this.secrets.prepare(id, secrets);
    try {
      const state = await this.steps.start({ id, definition, variables, businessKey: options.businessKey });
      return instanceView(state, definition.model);
    } catch (error) {
      await this.secrets.discard(id);
      throw error;
    }
  }

  /**
   * Replaces an active instance's own secrets (`{}` removes them): its next
   * jobs, and those of the instances its call activities started, see the
   * new values. Values are never returned; `secretNames` lists the names.
   */
  async setSecrets(instanceId: string, secrets: Record<string, string>): Promise<void> {
    await this.secrets.replace(instanceId, checkSecrets(secrets));
  }

  /** Sets some of an active instance's own secrets and removes those given as `null`, keeping the others (atomically). */
  async updateSecrets(instanceId: string, changes: Record<string, string | null>): Promise<void> {
    await this.secrets.update(instanceId, checkSecretChanges(changes));
  }

  /** The names (never the values) of the secrets an instance sees: its own, and those it inherits from its callers. */
  secretNames(instanceId: string): Promise<SecretNames> {
    return this.secrets.names(instanceId);
  }

  /** Starts the version a definition key names (`order:3`); NotFoundError for a key that is not deployed. */
  startByKey(definitionKey: string, options: Omit<StartOptions, 'version' | 'environment'> = {}): Promise<InstanceView> {
    const { processId, version } = parseDefinitionKey(definitionKey);
    return this.start(processId, { variables: options.variables, businessKey: options.businessKey, secrets: options.secrets, version });
  }

  /** Publishes a message: correlated to waiting instances and message start events, else kept for its time to live. */
  async publishMessage(message: PublishMessage): Promise<PublishResult> {
    return this.correlation.publish(message, checkVariables(message.variables ?? {}, this.limits));
  }

  /** Broadcasts a signal to every instance waiting for it and every signal start event; resolves with the instances reached. */
  async broadcastSignal(signal: BroadcastSignal): Promise<{ instanceIds: string[] }> {
    return { instanceIds: await this.correlation.broadcast(signal, checkVariables(signal.variables ?? {}, this.limits)) };
  }

  /**
   * The cockpit's home: instances started and completed and incidents opened
   * over the last `hours` (1, 6, 24 or 168) in buckets, active instances and
   * open incidents per process and version, the slowest elements. Read from
   * counters the store keeps; nothing reads the ended instances.
   */
  dashboard(hours = 24): Promise<Dashboard> {
    return dashboard(this.store, this.clock.now(), hours);
  }

  /** The instance's variable scopes (the root, and those of its active elements) with their own variables. */
  async variableScopes(id: string): Promise<ScopeView[]> {
    return scopeViews(await this.steps.load(id));
  }

  async getInstance(id: string): Promise<InstanceView> {
    const state = await this.steps.load(id);
    return instanceView(state, await this.deployments.model(state.definitionKey));
  }

  /** Instances by process, status, version, time and search attributes (`where`, engine/search/filter.ts), a page at a time. */
  async queryInstances(query: InstanceSearch = {}): Promise<InstancePage> {
    const limit = query.limit ?? 100;
    const storeQuery = await toStoreQuery(query, (processId) => declaredSearchAttributes(this.store, this.deployments, processId));
    const states = await this.store.queryInstances({ ...storeQuery, limit });
    const items = await Promise.all(states.map(async (s) => instanceView(s, await this.deployments.model(s.definitionKey))));
    return { items, next: states.length === limit ? states[states.length - 1].id : undefined };
  }

  history(instanceId: string): Promise<HistoryEvent[]> {
    return this.store.history(instanceId);
  }

  /** Every open user task that matches (for a few; `userTaskPage` for a task list). */
  userTasks(query: UserTaskQuery = {}): Promise<UserTaskRecord[]> {
    return this.store.queryUserTasks(query);
  }

  /** A page of open user tasks, oldest first, filtered in the store (`offeredTo`: a person's own and offered tasks). */
  userTaskPage(query: UserTaskPageQuery = {}): Promise<UserTaskPage> {
    return this.store.pageUserTasks(query);
  }

  /** An open user task with the variables visible at its element. */
  getUserTask(taskId: string): Promise<UserTaskDetails> {
    return userTaskDetails(this.store, taskId, (key) => this.deployments.model(key));
  }

  /** Assigns an open user task to `assignee`; ConflictError when someone else holds it. */
  claimUserTask(taskId: string, assignee: string): Promise<UserTaskRecord> {
    return claimUserTask(this.store, taskId, assignee);
  }

  /** Removes the assignee; with `holder`, only if the holder (or nobody) holds the task, else ConflictError. */
  unclaimUserTask(taskId: string, options: { holder?: string } = {}): Promise<UserTaskRecord> {
    return unclaimUserTask(this.store, taskId, options.holder);
  }

  /** Open incidents across instances (or of one), ordered by instance; pass `next` as `after` for the next page. */
  incidents(query: IncidentQuery = {}): Promise<IncidentPage> {
    return queryIncidents(this.store, query);
  }

  /** One open incident by its id, with its instance; resolve it with `resolveIncident(incident.instanceId, incident.id)`. */
  getIncident(incidentId: string): Promise<IncidentDetails> {
    return findIncident(this.store, incidentId);
  }

  /**
   * Completes the task. With completing listeners the completion waits for
   * them: `'completing'` is answered and the task stays open until the last
   * listener completes (then it is completed) or one denies it (then it stays
   * open, and the instance's history records `userTask.denied`).
   */
  async completeUserTask(taskId: string, variables: Record<string, unknown> = {}): Promise<'completed' | 'completing'> {
    const checked = checkVariables(variables, this.limits);
    const task = await this.store.getUserTask(taskId);
    if (!task) throw new NotFoundError(`no open user task '${taskId}'`);
    await this.apply(task.instanceId, { type: 'userTaskCompleted', taskId, variables: checked, task });
    return (await this.store.getUserTask(taskId)) ? 'completing' : 'completed';
  }

  /**
   * Sets variables of an active instance in one step. By default from the
   * root scope; `tokenId` (an `activeElements[].tokenId`) starts from that
   * element's scope instead. Each variable goes to the nearest enclosing
   * scope that has it, else the top one (as Zeebe propagates); `local` sets
   * them in the starting scope itself (an element's local variables end
   * with the element).
   */
  async setVariables(instanceId: string, variables: Record<string, unknown>, options: SetVariablesOptions = {}): Promise<void> {
    await this.apply(instanceId, { type: 'setVariables', variables: checkVariables(variables, this.limits), tokenId: options.tokenId, local: options.local });
  }

  /** Runs the failed part of the element again; for a failed job, a new job with `retries` attempts. */
  async resolveIncident(instanceId: string, incidentId: string, options: { retries?: number } = {}): Promise<void> {
    await this.apply(instanceId, { type: 'resolveIncident', incidentId, retries: options.retries });
  }

  /**
   * Moves a running instance to another version of its process; `mapping`
   * names the target of each element whose id differs. A MigrationError
   * lists every active element without a target of the same type.
   */
  async migrateInstance(instanceId: string, options: MigrateOptions): Promise<InstanceView> {
    const context = { store: this.store, steps: this.steps, deployments: this.deployments, now: () => this.clock.now() };
    const state = await migrateInstance(context, instanceId, options);
    return instanceView(state, await this.deployments.model(state.definitionKey));
  }

  /**
   * Promotes a version to the next environment of the promotion path: the
   * same XML becomes a version of `target` (the existing one when promoted
   * before), while the version's instances run on. ConflictError when the
   * path does not lead from the version's environment to `target`;
   * PromotionError listing the `env` names that `target` does not define.
   */
  promote(processId: string, version: number, target: string, options: PromoteOptions = {}): Promise<PromotionResult> {
    return this.environmentService.promote(processId, version, target, options);
  }

  /** What `promote` would check, without promoting: the path (ConflictError), and the `env` names the version reads and those `target` lacks. */
  async checkPromotion(processId: string, version: number, target: string): Promise<PromotionCheck> {
    const { definition: _definition, ...check } = await this.environmentService.check(processId, version, target);
    return check;
  }

  /** The configured environments: names, values and promotion path. */
  environments(): Environments {
    return structuredClone(this.environmentService.environments);
  }

  /** The latest version of a process deployed in an environment; NotFoundError when it has none there. */
  latestVersionIn(processId: string, environment: string): Promise<number> {
    return this.environmentService.latestVersionIn(processId, environment);
  }

  private async versionIn(processId: string, environment: string, version?: number): Promise<number> {
    if (version === undefined) return this.environmentService.latestVersionIn(processId, environment);
    const actual = await this.environmentService.environmentOf(`${processId}:${version}`);
    if (actual !== environment) throw new NotFoundError(`process '${processId}' version ${version} belongs to environment '${actual}', not '${environment}'`);
    return version;
  }

  /**
   * Activates elements inside an active ad-hoc sub-process (Zeebe's ad-hoc
   * activation API): `tokenId` is the sub-process's among the instance's
   * activeElements; each element gets a new path, with `variables` local to
   * it. NotFoundError when the token is no active ad-hoc sub-process;
   * InvalidArgumentError naming ids it cannot activate (nothing is activated
   * then); ConflictError while it has an incident or is completing.
   */
  async activateAdHocElements(instanceId: string, tokenId: string, elements: AdHocActivation[]): Promise<void> {
    if (!elements.length) throw new InvalidArgumentError('name at least one element to activate');
    const checked = elements.map(({ elementId, variables }) => ({ elementId, variables: checkVariables(variables ?? {}, this.limits) }));
    // Each activation's variables are checked on their own; together they are held to the limit of one call.
    const bytes = checked.reduce((sum, a) => sum + Buffer.byteLength(JSON.stringify(a.variables)), 0);
    if (bytes > this.limits.totalBytes)
      throw new LimitError(`the activations' variables are ${bytes} bytes together; the limit is ${this.limits.totalBytes}`, {
        bytes,
        limit: this.limits.totalBytes,
      });
    await this.apply(instanceId, { type: 'adHocActivate', tokenId, elements: checked });
  }

  /** Cancels the instance and, through their call activities, its child instances. */
  async cancel(instanceId: string): Promise<void> {
    await this.apply(instanceId, { type: 'cancel' });
  }

  /**
   * Resolves with the instance once it has the status; rejects with a
   * TimeoutError after `timeoutMs`, or a ConflictError when the instance
   * ended with another status.
   */
  waitFor(instanceId: string, status: InstanceStatus, options: WaitOptions = {}): Promise<InstanceView> {
    return waitForStatus(this, (id) => this.getInstance(id), instanceId, status, options.timeoutMs ?? 30_000);
  }

  /**
   * Jobs for external workers (engine/jobs/external-jobs.ts): fetch-and-lock jobs
   * of a type for a named worker, waiting up to `timeoutMs` (long polling)
   * when none is available. Types served by `engine.handle` are handed out
   * too: both compete for them, as in Zeebe.
   */
  activateJobs(request: ActivateJobsRequest): Promise<ActivatedJob[]> {
    return this.externalJobs.activate(request);
  }

  /** Completes a job with variables; with `worker`, only while that worker holds the job's lease; a task listener's job may deny (`result.denied`). */
  completeJob(key: string, variables: Record<string, unknown> = {}, options: CompleteJobOptions = {}): Promise<void> {
    return this.externalJobs.complete(key, variables, options);
  }

  /** A failed attempt: with `retries` left the job is activatable again after `backoffMs`; with 0, an incident. */
  failJob(key: string, request: FailJobRequest): Promise<void> {
    return this.externalJobs.fail(key, request);
  }

  /** Raises a BPMN error at the job's task (error boundary events and event sub-processes catch it; else an incident). */
  throwJobError(key: string, request: ThrowJobErrorRequest): Promise<void> {
    return this.externalJobs.throwError(key, request);
  }

  /** Gives the worker that holds the job `lockMs` more, from now; without `worker`, whoever holds it. */
  extendJobLock(key: string, worker: string | undefined, lockMs: number): Promise<{ key: string; deadline: number }> {
    return this.externalJobs.extendLock(key, worker, lockMs);
  }

  /** The numeric key of a Baton id of a kind, stable for ever (the Camunda 8 compatible API's keys; Store.numericKey). */
  numericKey(kind: string, id: string): Promise<string> {
    return this.store.numericKey(kind, id);
  }

  /** The kind and id a numeric key stands for; undefined for a key this store never gave out. */
  idOfNumericKey(key: string): Promise<{ kind: string; id: string } | undefined> {
    return this.store.idOfNumericKey(key);
  }

  /** The task types this engine serves (handlers, built-in connectors, polling external workers) and those deployed diagrams use. */
  async taskTypes(): Promise<TaskTypes> {
    const definitions = await this.store.listDefinitions();
    const connectors = [...this.connectorTypes].sort();
    const handlers = this.worker.handledTypes().filter((type) => !this.connectorTypes.has(type));
    return describeTaskTypes({ handlers, connectors, polls: this.externalJobs.recentPolls(), definitions, now: this.clock.now() });
  }

  /** `text` with the secret configuration values (environments' `secrets`) replaced by `***`: for logs. */
  redact(text: string): string {
    return this.redactor.redact(text);
  }

  /** The environments' and the instance's secret values out of a step's incident and history messages, before it is committed. */
  private async redactStep(result: StepResult): Promise<void> {
    this.redactor.redactStep(result);
    const { state, effects } = result;
    if (!state.incidents.length && !effects.events.some((event) => event.message !== undefined)) return;
    // Secrets this engine cannot open (another secretKey) reached no handler of it, so no message holds them.
    const instance = await this.secrets.redactorFor(state.id).catch(() => undefined);
    if (instance && !instance.empty) instance.redactStep(result);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.externalJobs.close();
    await this.worker.close();
    await this.steps.idle();
    // Correlations that commits set off (buffered messages for new subscriptions) finish before the store closes.
    await this.correlation.idle();
    await this.runner.close();
    await this.store.close();
  }

  private async apply(instanceId: string, trigger: Trigger): Promise<void> {
    await this.steps.apply(instanceId, trigger);
  }
}
