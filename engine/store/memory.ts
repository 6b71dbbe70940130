/**
 * The memory store: the Store contract without durability, for tests and
 * throwaway runs. State is copied in and out so that callers can never
 * change what is stored by holding on to an object.
 */
import { ConflictError, NotFoundError } from '../errors.js';
import type { Effects, HistoryEvent, JobRecord, MessageRecord, SubscriptionRecord, UserTaskRecord } from '../runtime/records.js';
import type { InstanceState } from '../runtime/state.js';
import type {
  AcquireJobsRequest,
  DefinitionInfo,
  DefinitionPatch,
  DefinitionQuery,
  DefinitionRecord,
  DecisionInfo,
  DecisionRecord,
  InstanceQuery,
  JobFailure,
  MessageQuery,
  PurgeRequest,
  StartTriggers,
  SealedSecrets,
  Store,
  SubscriptionQuery,
  UserTaskQuery,
  UserTaskPage,
  UserTaskPageQuery,
} from './store.js';
import { FIRST_NUMERIC_KEY } from './store.js';
import { plainCopy } from './plain-copy.js';
import { MemoryStats } from './memory-stats.js';
import { commitStats, type ActivityMinute, type ElementDuration, type VersionLoad } from './stats.js';
import { matchesTimesAndAttributes, type TimesAndAttributes } from './instance-filters.js';
import {
  assignmentConflict,
  isOfferedTo,
  matchesSubscriptionQuery,
  matchesUserTaskQuery,
  pageLimit,
  purgeCutoff,
  purgeLimit,
  userTaskCursor,
} from './queries.js';

// Through JSON, as the durable stores keep it, so that both behave alike (no Dates, no undefined fields).
type InstanceSummary = Pick<InstanceState, 'id' | 'processId' | 'definitionKey' | 'status' | 'businessKey' | 'rev'> &
  TimesAndAttributes & {
    parentInstanceId?: string;
    incidentCount: number;
  };

/** As through JSON (./plain-copy.ts), the way the durable stores keep records, without the text. */
const copy = plainCopy;
/** Code-unit order, like SQLite's BINARY collation for the keys and ids the engine makes. */
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class MemoryStore implements Store {
  private readonly definitions = new Map<string, DefinitionRecord>();
  private readonly decisions = new Map<string, DecisionRecord>();
  /** Each instance as a private copy of its state (one copy per commit, one per read) beside the fields queries filter on. */
  private readonly instances = new Map<string, { state: InstanceSummary; full: InstanceState }>();
  private readonly jobs = new Map<string, JobRecord>();
  private readonly userTasks = new Map<string, UserTaskRecord>();
  /** Where each task stands in creation order: the cursor of the task pages. */
  private readonly userTaskPositions = new Map<string, number>();
  private userTaskCount = 0;
  private readonly events = new Map<string, HistoryEvent[]>();
  private readonly subscriptions = new Map<string, SubscriptionRecord>();
  /** correlatedProcesses is kept in claim order, as the sqlite store returns it. */
  private readonly messages = new Map<string, MessageRecord>();
  private readonly secrets = new Map<string, string>();
  private readonly stats = new MemoryStats(() => [...this.instances.values()].map((i) => i.state).filter((i) => i.status === 'active'));
  /** `kind\0id` -> numeric key, and back. */
  private readonly numericKeys = new Map<string, string>();
  private readonly numericKeyOwners = new Map<string, { kind: string; id: string }>();

  async insertDefinition(definition: DefinitionRecord): Promise<void> {
    const clash = [...this.definitions.values()].some((d) => d.processId === definition.processId && d.version === definition.version);
    if (clash) throw new ConflictError(`process '${definition.processId}' already has version ${definition.version}`);
    this.definitions.set(definition.key, copy(definition));
  }

  async getDefinition(key: string): Promise<DefinitionRecord | undefined> {
    const found = this.definitions.get(key);
    return found && copy(found);
  }

  async findDefinitionByHash(processId: string, hash: string): Promise<DefinitionRecord | undefined> {
    const found = [...this.definitions.values()]
      .sort((a, b) => a.version - b.version)
      .find((d) => d.processId === processId && d.hash === hash && d.deletedAt === undefined);
    return found && copy(found);
  }

  async latestDefinition(processId: string): Promise<DefinitionRecord | undefined> {
    const latest = this.latest(processId);
    return latest && copy(latest);
  }

  async latestDefinitionKey(processId: string): Promise<string | undefined> {
    return this.latest(processId)?.key;
  }

  private latest(processId: string): DefinitionRecord | undefined {
    let latest: DefinitionRecord | undefined;
    for (const d of this.definitions.values()) {
      if (d.processId === processId && d.deletedAt === undefined && (!latest || d.version > latest.version)) latest = d;
    }
    return latest;
  }

  async listDefinitions(): Promise<DefinitionRecord[]> {
    return [...this.definitions.values()]
      .filter((d) => d.deletedAt === undefined)
      .sort((a, b) => compare(a.processId, b.processId) || a.version - b.version)
      .map(copy);
  }

  async queryDefinitions(query: DefinitionQuery): Promise<DefinitionInfo[]> {
    return [...this.definitions.values()]
      .filter(
        (d) =>
          (query.includeDeleted || d.deletedAt === undefined) &&
          (query.processId === undefined || d.processId === query.processId) &&
          (query.key === undefined || d.key === query.key),
      )
      .sort((a, b) => compare(a.processId, b.processId) || a.version - b.version)
      .map(({ xml: _xml, model: _model, ...info }) => copy(info));
  }

  async updateDefinition(key: string, patch: DefinitionPatch): Promise<boolean> {
    const definition = this.definitions.get(key);
    if (!definition || definition.deletedAt !== undefined) return false;
    for (const [field, value] of Object.entries(copy(patch)) as Array<[keyof DefinitionPatch, unknown]>) {
      if (value === null) delete definition[field];
      else (definition as unknown as Record<string, unknown>)[field] = value;
    }
    return true;
  }

  async insertDecision(decision: DecisionRecord): Promise<void> {
    if (this.decisions.has(decision.key) || [...this.decisions.values()].some((d) => d.decisionId === decision.decisionId && d.version === decision.version)) {
      throw new ConflictError(`decision '${decision.decisionId}' already has version ${decision.version}`);
    }
    this.decisions.set(decision.key, copy(decision));
  }

  async getDecision(key: string): Promise<DecisionRecord | undefined> {
    const found = this.decisions.get(key);
    return found && copy(found);
  }

  async latestDecision(decisionId: string): Promise<DecisionRecord | undefined> {
    const versions = [...this.decisions.values()].filter((d) => d.decisionId === decisionId);
    const latest = versions.reduce<DecisionRecord | undefined>((best, d) => (!best || d.version > best.version ? d : best), undefined);
    return latest && copy(latest);
  }

  async queryDecisions(query: { decisionId?: string }): Promise<DecisionInfo[]> {
    return [...this.decisions.values()]
      .filter((d) => query.decisionId === undefined || d.decisionId === query.decisionId)
      .sort((a, b) => (a.decisionId < b.decisionId ? -1 : a.decisionId > b.decisionId ? 1 : a.version - b.version))
      .map(({ xml: _xml, graph: _graph, ...info }) => copy(info));
  }

  async getInstance(id: string): Promise<InstanceState | undefined> {
    const found = this.instances.get(id);
    return found && copy(found.full);
  }

  async putInstanceSecrets(instanceId: string, sealed: string | undefined): Promise<void> {
    if (sealed === undefined) this.secrets.delete(instanceId);
    else this.secrets.set(instanceId, sealed);
  }

  async updateInstanceSecrets(instanceId: string, change: (sealed: string | undefined) => string | undefined): Promise<void> {
    await this.putInstanceSecrets(instanceId, change(this.secrets.get(instanceId)));
  }

  async instanceSecretsChain(instanceId: string): Promise<SealedSecrets[]> {
    const chain: SealedSecrets[] = [];
    const seen = new Set<string>();
    for (let id: string | undefined = instanceId; id && !seen.has(id); id = this.instances.get(id)?.state.parentInstanceId) {
      seen.add(id);
      const sealed = this.secrets.get(id);
      if (sealed !== undefined) chain.unshift({ instanceId: id, sealed });
    }
    return chain;
  }

  async commit(state: InstanceState, effects: Effects): Promise<void> {
    const stored = this.instances.get(state.id);
    const storedRev = stored?.state.rev ?? 0;
    if (storedRev !== state.rev - 1) {
      throw new ConflictError(`instance ${state.id} is at rev ${storedRev}, not ${state.rev - 1}`);
    }
    const { id, processId, definitionKey, status, businessKey, rev } = state;
    const parentInstanceId = state.parent?.instanceId;
    const incidentCount = state.incidents.length;
    const { startedAt, endedAt } = state;
    // No set on the state leaves the indexed one as it was, as in the durable stores.
    const searchAttributes = state.searchAttributes ? copy(state.searchAttributes) : stored?.state.searchAttributes;
    this.instances.set(id, {
      state: { id, processId, definitionKey, status, businessKey, parentInstanceId, incidentCount, rev, startedAt, endedAt, searchAttributes },
      full: copy(state),
    });
    if (status !== 'active') this.secrets.delete(id);
    this.stats.add(commitStats(state, effects));
    for (const key of effects.deleteJobs) this.jobs.delete(key);
    for (const job of effects.createJobs) this.jobs.set(job.key, copy(job));
    for (const id of effects.deleteUserTasks) {
      this.userTasks.delete(id);
      this.userTaskPositions.delete(id);
    }
    for (const task of effects.createUserTasks) {
      // Map order is the page order: a task stored again goes last, as a replaced row does in SQLite.
      this.userTasks.delete(task.id);
      this.userTasks.set(task.id, copy(task));
      this.userTaskPositions.set(task.id, ++this.userTaskCount);
    }
    for (const key of effects.deleteSubscriptions) this.subscriptions.delete(key);
    for (const subscription of effects.createSubscriptions) this.subscriptions.set(subscription.key, copy(subscription));
    for (const { kind, key, definitionKey, elementId } of effects.retarget ?? []) {
      const record = kind === 'job' ? this.jobs.get(key) : kind === 'userTask' ? this.userTasks.get(key) : this.subscriptions.get(key);
      if (record) Object.assign(record, { definitionKey, elementId });
    }
    if (effects.events.length) {
      const list = this.events.get(state.id) ?? [];
      for (const event of copy(effects.events)) list.push(event);
      this.events.set(state.id, list);
    }
  }

  async queryInstances(query: InstanceQuery): Promise<InstanceState[]> {
    const limit = pageLimit(query.limit);
    return [...this.instances.values()]
      .filter(
        ({ state: i }) =>
          (!query.processId || i.processId === query.processId) &&
          (!query.definitionKey || i.definitionKey === query.definitionKey) &&
          (!query.status || i.status === query.status) &&
          (!query.businessKey || i.businessKey === query.businessKey) &&
          (!query.parentInstanceId || i.parentInstanceId === query.parentInstanceId) &&
          (query.hasIncidents === undefined || query.hasIncidents === i.incidentCount > 0) &&
          matchesTimesAndAttributes(query, i) &&
          (!query.after || (query.newestFirst ? i.id < query.after : i.id > query.after)),
      )
      .sort((a, b) => (query.newestFirst ? -1 : 1) * compare(a.state.id, b.state.id))
      .slice(0, limit)
      .map((i) => copy(i.full));
  }

  async acquireJobs(request: AcquireJobsRequest): Promise<JobRecord[]> {
    const acquired: JobRecord[] = [];
    const candidates = [...this.jobs.values()]
      .filter((j) => request.types.includes(j.type) && j.dueAt <= request.now && (!j.lockOwner || (j.lockExpiresAt ?? 0) <= request.now))
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const job of candidates.slice(0, request.max)) {
      job.lockOwner = request.owner;
      job.lockExpiresAt = request.now + request.lockMs;
      acquired.push(copy(job));
    }
    return acquired;
  }

  async deleteJob(key: string, owner: string): Promise<boolean> {
    if (this.jobs.get(key)?.lockOwner !== owner) return false;
    return this.jobs.delete(key);
  }

  async getJob(key: string): Promise<JobRecord | undefined> {
    const found = this.jobs.get(key);
    return found && copy(found);
  }

  async failJob(key: string, owner: string, failure: JobFailure): Promise<boolean> {
    const job = this.jobs.get(key);
    if (!job || job.lockOwner !== owner) return false;
    Object.assign(job, failure, { lockOwner: undefined, lockExpiresAt: undefined });
    return true;
  }

  async rescheduleJob(key: string, owner: string, dueAt: number): Promise<boolean> {
    const job = this.jobs.get(key);
    if (!job || job.lockOwner !== owner) return false;
    Object.assign(job, { dueAt, lockOwner: undefined, lockExpiresAt: undefined });
    return true;
  }

  async extendJobLease(key: string, owner: string, until: number): Promise<boolean> {
    const job = this.jobs.get(key);
    if (!job || job.lockOwner !== owner) return false;
    job.lockExpiresAt = until;
    return true;
  }

  async nextJobDueAt(types: string[], now: number): Promise<number | undefined> {
    let next: number | undefined;
    for (const job of this.jobs.values()) {
      if (!types.includes(job.type)) continue;
      const free = job.lockOwner && (job.lockExpiresAt ?? 0) > now ? job.lockExpiresAt! : job.dueAt;
      if (next === undefined || free < next) next = free;
    }
    return next;
  }

  async getUserTask(id: string): Promise<UserTaskRecord | undefined> {
    const found = this.userTasks.get(id);
    return found && copy(found);
  }

  async queryUserTasks(query: UserTaskQuery): Promise<UserTaskRecord[]> {
    return [...this.userTasks.values()].filter((t) => matchesUserTaskQuery(t, query)).map(copy);
  }

  async pageUserTasks(query: UserTaskPageQuery): Promise<UserTaskPage> {
    const after = userTaskCursor(query.after);
    const limit = pageLimit(query.limit);
    const items: UserTaskRecord[] = [];
    let last = 0;
    for (const task of this.userTasks.values()) {
      const position = this.userTaskPositions.get(task.id) ?? 0;
      if (position <= after || !matchesUserTaskQuery(task, query) || (query.offeredTo && !isOfferedTo(task, query.offeredTo))) continue;
      if (items.length === limit) return { items, next: String(last) };
      items.push(copy(task));
      last = position;
    }
    return { items };
  }

  async assignUserTask(id: string, assignee: string | undefined, ifAssignee?: Array<string | null>): Promise<UserTaskRecord> {
    const task = this.userTasks.get(id);
    if (!task) throw new NotFoundError(`no open user task '${id}'`);
    if (ifAssignee && !ifAssignee.includes(task.assignee ?? null)) throw assignmentConflict(id, task.assignee);
    if (assignee === undefined) delete task.assignee;
    else task.assignee = assignee;
    return copy(task);
  }

  async findSubscriptions(query: SubscriptionQuery): Promise<SubscriptionRecord[]> {
    return [...this.subscriptions.values()]
      .filter((s) => matchesSubscriptionQuery(s, query))
      .sort((a, b) => a.createdAt - b.createdAt || compare(a.key, b.key))
      .map(copy);
  }

  async replaceStartTriggers(processId: string, triggers: StartTriggers): Promise<void> {
    const { subscriptions, jobs } = copy(triggers);
    for (const [key, s] of this.subscriptions) if (s.instanceId === '' && s.processId === processId) this.subscriptions.delete(key);
    for (const [key, j] of this.jobs) if (j.instanceId === '' && j.processId === processId) this.jobs.delete(key);
    for (const subscription of subscriptions) this.subscriptions.set(subscription.key, subscription);
    for (const job of jobs) this.jobs.set(job.key, job);
  }

  async insertMessage(message: MessageRecord): Promise<boolean> {
    if (this.messages.has(message.id)) return false;
    const stored = copy(message);
    stored.correlatedProcesses = [...new Set(stored.correlatedProcesses)];
    this.messages.set(message.id, stored);
    return true;
  }

  async getMessage(id: string): Promise<MessageRecord | undefined> {
    const found = this.messages.get(id);
    return found && copy(found);
  }

  async findMessages(query: MessageQuery): Promise<MessageRecord[]> {
    return [...this.messages.values()]
      .filter((m) => m.name === query.name && m.correlationKey === query.correlationKey && m.expiresAt > query.now)
      .sort((a, b) => a.publishedAt - b.publishedAt || compare(a.id, b.id))
      .map(copy);
  }

  async claimMessage(id: string, processId: string): Promise<boolean> {
    const message = this.messages.get(id);
    if (!message || message.correlatedProcesses.includes(processId)) return false;
    message.correlatedProcesses.push(processId);
    return true;
  }

  async releaseMessage(id: string, processId: string): Promise<void> {
    const message = this.messages.get(id);
    if (message) message.correlatedProcesses = message.correlatedProcesses.filter((p) => p !== processId);
  }

  async deleteExpiredMessages(now: number): Promise<number> {
    let deleted = 0;
    for (const [id, message] of this.messages) {
      if (message.expiresAt > now) continue;
      this.messages.delete(id);
      deleted++;
    }
    return deleted;
  }

  activity(since: number): Promise<ActivityMinute[]> {
    return this.stats.activity(since);
  }

  versionLoad(): Promise<VersionLoad[]> {
    return this.stats.versionLoad();
  }

  slowestElements(limit: number): Promise<ElementDuration[]> {
    return this.stats.slowestElements(pageLimit(limit));
  }

  async history(instanceId: string): Promise<HistoryEvent[]> {
    return copy(this.events.get(instanceId) ?? []);
  }

  async numericKey(kind: string, id: string): Promise<string> {
    const name = `${kind}\0${id}`;
    let key = this.numericKeys.get(name);
    if (key === undefined) {
      key = String(FIRST_NUMERIC_KEY + this.numericKeys.size);
      this.numericKeys.set(name, key);
      this.numericKeyOwners.set(key, { kind, id });
    }
    return key;
  }

  async idOfNumericKey(key: string): Promise<{ kind: string; id: string } | undefined> {
    const owner = this.numericKeyOwners.get(key);
    return owner && { ...owner };
  }

  async purgeEndedInstances(request: PurgeRequest): Promise<string[]> {
    const due = [...this.instances.values()]
      .map(({ state }) => state)
      .filter((i) => {
        const cutoff = purgeCutoff(request, i.definitionKey);
        return i.status !== 'active' && i.endedAt !== undefined && cutoff !== undefined && i.endedAt < cutoff;
      })
      .sort((a, b) => a.endedAt! - b.endedAt! || compare(a.id, b.id))
      .slice(0, purgeLimit(request))
      .map((i) => i.id);
    const gone = new Set(due);
    for (const id of due) {
      this.instances.delete(id);
      this.events.delete(id);
      this.secrets.delete(id);
    }
    for (const [key, job] of this.jobs) if (gone.has(job.instanceId)) this.jobs.delete(key);
    for (const [id, task] of this.userTasks) {
      if (!gone.has(task.instanceId)) continue;
      this.userTasks.delete(id);
      this.userTaskPositions.delete(id);
    }
    for (const [key, subscription] of this.subscriptions) if (gone.has(subscription.instanceId)) this.subscriptions.delete(key);
    return due;
  }

  async close(): Promise<void> {}
}
