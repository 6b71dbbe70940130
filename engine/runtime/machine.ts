/**
 * The token machine for one step: it owns the instance state while a
 * trigger is applied, moves tokens until every one waits or has ended, and
 * collects the step's effects. It does no I/O and reads no clock: `now` is
 * handed in.
 */
import type { DecisionCatalog, DecisionVersion } from '../dmn/types.js';
import { evaluateFeel, evaluateValue, describeValue, type EvaluationOutcome, type FeelGlobals } from '../expressions/feel.js';
import type { ElementModel, ElementOfType, ElementType, FeelExpression, ProcessModel, ValueOrExpression } from '../model/types.js';
import { behaviourOf } from './behaviours/index.js';
import { emptyEffects, type Effects, type HistoryEvent, type HistoryEventType } from './records.js';
import { ROOT_SCOPE, type IncidentPhase, type IncidentState, type InstanceState, type TokenState } from './state.js';
import { lookupVariable, propagateVariables, setPath } from './variables.js';
import { adHocPathCompleting, adHocScopeEmptied, isAdHocInside } from './behaviours/adhoc.js';
import { notifyParent } from './behaviours/callActivity.js';
import { dropLoad } from './data-loader.js';
import { sendTrigger } from './internal.js';
import { compensationScopeEmptied, rememberCompletion } from './compensation.js';
import { enterBody, executeBody, innerCompleted, innerCompleting, isMultiInstanceBody } from './multiInstance.js';
import { endRun, startRun } from './loops.js';
import { TokenIndex } from './tokenIndex.js';
import { beginListeners, holdForProcessEnd } from './listeners.js';
import {
  closeScopeSubscriptions,
  closeSubscription,
  closeTokenSubscriptions,
  openBoundarySubscriptions,
  openScopeSubscriptions,
  reevaluateConditions,
} from './subscriptions.js';

const GATEWAYS: ReadonlySet<string> = new Set(['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway']);

const isContext = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * A step in which one element of one scope instance is reached this many
 * times is stopped: the diagram loops without a wait state. Counting per
 * place (the inner instances of a multi-instance body apart) rather than in
 * all lets a legitimate large fan-out run, while every endless loop keeps
 * coming back to some place.
 */
const MAX_VISITS_PER_STEP = 10_000;

/**
 * What a step may spend, from the host (the runtime reads no clock).
 * `check` is asked before every action: it throws to abandon the step (the
 * host runs it again elsewhere), or returns a reason to stop the step here,
 * the tokens still moving each getting an incident.
 */
export interface StepBudget {
  check(): string | undefined;
}

export interface StepOptions {
  budget?: StepBudget;
  /** Most bytes a FEEL result may take as JSON: the variable limit, since every result may become a variable. */
  variableBytes?: number;
  /** Most history events one step may record; a step that records more stops like a runaway loop. */
  maxEvents?: number;
  /**
   * Bytes the instance's variables may still grow by in this step; when the
   * FEEL results of the step add up to more, the evaluation that crosses it
   * fails (asked for when a step left the instance over its limit).
   */
  growthBytes?: number;
  /** The decisions business rule tasks may evaluate in this step, loaded by the host (engine/definitions/decisions.ts). */
  decisions?: DecisionCatalog;
}

export class Machine {
  readonly effects: Effects = emptyEffects();
  /** Pending actions; one that moves a token is dropped when the token was withdrawn before it ran. */
  private readonly agenda: Array<{ action: () => void; token?: TokenState }> = [];
  /** The next action to run: a queue read by index, since `shift()` on a long agenda copies it every time. */
  private agendaHead = 0;
  /** Tokens by scope (./tokenIndex.ts): a scan of every token per scope is too slow for large fan-outs. */
  private readonly tokenIndex: TokenIndex;

  constructor(
    readonly state: InstanceState,
    readonly model: ProcessModel,
    readonly now: number,
    /** Names every expression sees (the environment's `env`), from the host. */
    readonly globals: FeelGlobals = {},
    private readonly options: StepOptions = {},
  ) {
    this.tokenIndex = new TokenIndex(state);
    this.growthLeft = options.growthBytes ?? Number.POSITIVE_INFINITY;
  }

  /** What the step's FEEL results may still add to the instance (StepOptions.growthBytes). */
  private growthLeft: number;

  // ---- ids, events, scheduling ------------------------------------------------

  /** An id unique within the instance. */
  localId(prefix: string): string {
    const id = `${prefix}${++this.state.sequence}`;
    // Every token id comes from here; the token index finds new tokens by them.
    if (prefix === 't') this.tokenIndex.issuedTokenId(id);
    return id;
  }

  /** An id unique across instances, for jobs and user tasks that live outside the instance. */
  globalId(): string {
    return `${this.state.id}-${++this.state.sequence}`;
  }

  element(id: string): ElementModel {
    return this.model.elements[id];
  }

  /** The start event of the event sub-process `id`. */
  eventSubProcessStart(id: string): ElementOfType<'startEvent'> {
    return this.elementOfType(this.elementOfType(id, 'subProcess').startEventId, 'startEvent');
  }

  /** The element `id`, known from where a token is to be one of `types` (a defect, thrown, when it is not). */
  elementOfType<T extends ElementType>(id: string, ...types: T[]): ElementOfType<T> {
    const element = this.model.elements[id];
    if (!types.some((type) => type === element?.type)) throw new Error(`engine defect: '${id}' is not a ${types.join(' or ')}`);
    return element as ElementOfType<T>;
  }

  record(type: HistoryEventType, fields: Pick<HistoryEvent, 'elementId' | 'tokenId' | 'incidentId' | 'message' | 'decision' | 'durationMs'> = {}): void {
    const elementType = fields.elementId ? this.model.elements[fields.elementId]?.type : undefined;
    this.effects.events.push({ type, instanceId: this.state.id, processId: this.state.processId, at: this.now, elementType, ...fields });
  }

  schedule(action: () => void, token?: TokenState): void {
    this.agenda.push({ action, token });
  }

  /** Runs scheduled actions, then fires inclusive joins that nothing can reach any more, until nothing moves. */
  run(): void {
    const visits = new Map<string, number>();
    for (;;) {
      for (let next = this.nextAction(); next; next = this.nextAction()) {
        if (next.token && this.state.tokens[next.token.id] !== next.token) continue;
        const place = next.token ? `${next.token.scopeId}/${next.token.elementId}/${next.token.loopCounter ?? ''}` : '';
        const count = (visits.get(place) ?? 0) + 1;
        visits.set(place, count);
        if (count > MAX_VISITS_PER_STEP) {
          return this.stopRunaway(
            next.token?.elementId,
            `was reached ${MAX_VISITS_PER_STEP} times in one step without reaching a wait state; the diagram loops without one`,
            'noFlow',
          );
        }
        const overrun = this.options.budget?.check();
        if (overrun) return this.stopRunaway(next.token?.elementId, overrun, 'budget');
        if (this.effects.events.length > (this.options.maxEvents ?? Number.POSITIVE_INFINITY)) {
          return this.stopRunaway(
            next.token?.elementId,
            `was reached after the step recorded ${this.options.maxEvents} history events without reaching a wait state (budget.stepEvents)`,
            'budget',
          );
        }
        next.action();
      }
      if (this.fireSettledJoins()) continue;
      if (!this.hasConditions() || !reevaluateConditions(this)) return;
    }
  }

  private nextAction(): { action: () => void; token?: TokenState } | undefined {
    if (this.agendaHead < this.agenda.length) return this.agenda[this.agendaHead++];
    this.clearAgenda();
    return undefined;
  }

  /** Drops every pending action (the instance ended, or a runaway step is stopped). */
  private clearAgenda(): void {
    this.agenda.length = 0;
    this.agendaHead = 0;
  }

  private hasConditions(): boolean {
    return this.state.status === 'active' && Object.values(this.state.subscriptions).some((s) => s.kind === 'conditional');
  }

  /** Stops the step: every token still moving gets an incident, and resolving one lets it arrive again. */
  private stopRunaway(elementId: string | undefined, why: string, kind: 'noFlow' | 'budget'): void {
    this.clearAgenda();
    const where = elementId ? `'${elementId}'` : 'the step (events firing)';
    for (const token of Object.values(this.state.tokens)) {
      if (token.status === 'ready') this.incident(token, 'arrive', kind, `${where} ${why}`);
    }
  }

  // ---- token life -------------------------------------------------------------

  spawn(scopeId: string, elementId: string, via?: string): TokenState {
    const token: TokenState = { id: this.localId('t'), scopeId, elementId, status: 'ready', via, arrivedAt: this.state.sequence };
    this.state.tokens[token.id] = token;
    this.schedule(() => this.arrive(token), token);
    return token;
  }

  /** A token reaches an element: joins may hold it; everything else enters. */
  arrive(token: TokenState): void {
    const element = this.element(token.elementId);
    const behaviour = behaviourOf(element);
    if (behaviour.arrive) behaviour.arrive(this, token, element);
    else this.enter(token);
  }

  /** Activation: recorded once, then the input mappings and the behaviour. */
  enter(token: TokenState): void {
    const element = this.element(token.elementId);
    if (element.loop && !startRun(this, token)) return;
    token.status = 'ready';
    token.via = undefined;
    token.activatedAt = this.now;
    this.record('element.activated', { elementId: element.id, tokenId: token.id });
    this.applyInputs(token);
  }

  /** The element's local scope and input mappings, then its behaviour; run again when an input-mapping incident is resolved. */
  applyInputs(token: TokenState): void {
    const element = this.element(token.elementId);
    // A multi-instance body reads its collection instead; each inner instance applies the mappings.
    if (isMultiInstanceBody(this, token)) return enterBody(this, token);
    if (element.inputs.length || element.type === 'subProcess') {
      const scope = this.openLocalScope(token);
      for (const mapping of element.inputs) {
        const result = this.evaluateValue(mapping.source, scope);
        if (!result.ok) return this.incident(token, 'enter', 'expression', `input mapping '${mapping.target}': ${result.message}`);
        setPath(this.state.scopes[scope].variables, mapping.target, result.value);
      }
    }
    if (beginListeners(this, token, { event: 'start', index: 0 })) return;
    this.afterStartListeners(token);
  }

  /** A sub-process's event subscriptions open, then the behaviour runs: after the start listeners (./listeners.ts). */
  afterStartListeners(token: TokenState): void {
    const element = this.element(token.elementId);
    if (element.type === 'subProcess') {
      const failure = openScopeSubscriptions(this, token.localScopeId!, element.id);
      if (failure) return this.incident(token, 'enter', 'expression', failure);
    }
    this.execute(token);
  }

  /** The element's work; an activity's boundary events start listening first. */
  execute(token: TokenState): void {
    const element = this.element(token.elementId);
    // The boundary events of a multi-instance activity belong to its body, not to the inner instances.
    if (element.boundaryEvents && token.loopCounter === undefined) {
      const failure = openBoundarySubscriptions(this, token);
      if (failure) return this.incident(token, 'execute', 'expression', failure);
    }
    if (token.multiInstance) return executeBody(this, token);
    behaviourOf(element).execute(this, token, element);
  }

  /** The element finished its work: results are merged, output mappings applied, and the token leaves. */
  complete(token: TokenState, variables: Record<string, unknown> = {}): void {
    const element = this.element(token.elementId);
    if (element.outputs.length) {
      const local = this.openLocalScope(token);
      Object.assign(this.state.scopes[local].variables, variables);
      const results: Record<string, unknown> = {};
      for (const mapping of element.outputs) {
        const result = this.evaluateValue(mapping.source, local);
        if (!result.ok) {
          return this.incident(token, 'complete', 'expression', `output mapping '${mapping.target}': ${result.message}`, { pendingVariables: variables });
        }
        // As in Zeebe, a nested target (`a.b`) merges into the context variable `a` the element sees.
        const [head] = mapping.target.split('.');
        const existing = lookupVariable(this.state, local, head);
        if (head !== mapping.target && !Object.hasOwn(results, head) && isContext(existing)) results[head] = structuredClone(existing);
        setPath(results, mapping.target, result.value);
      }
      propagateVariables(this.state, token.scopeId, results);
    } else if (Object.keys(variables).length) {
      propagateVariables(this.state, token.localScopeId ?? token.scopeId, variables);
    }
    if (beginListeners(this, token, { event: 'end', index: 0, variables })) return;
    this.afterEndListeners(token, variables);
  }

  /** The element completes and leaves: after its end listeners (./listeners.ts). */
  afterEndListeners(token: TokenState, variables: Record<string, unknown>): void {
    const element = this.element(token.elementId);
    if (token.loopCounter !== undefined && !innerCompleting(this, token, variables)) return;
    // A standard loop's boundary events stay open until its last run (./loops.ts).
    if (token.loopRuns === undefined) closeTokenSubscriptions(this, token.id);
    rememberCompletion(this, token);
    // A gateway routes with its local variables (those its start listeners returned); taking a flow closes them.
    if (!GATEWAYS.has(element.type)) this.closeLocalScope(token);
    token.status = 'ready';
    token.payload = undefined;
    // How long the element was active, for the slowest-elements statistics; only elements that waited have one.
    const durationMs = token.activatedAt === undefined ? 0 : this.now - token.activatedAt;
    token.activatedAt = undefined;
    this.record('element.completed', { elementId: element.id, tokenId: token.id, ...(durationMs > 0 ? { durationMs } : {}) });
    this.leave(token);
  }

  leave(token: TokenState): void {
    // An inner instance of a multi-instance body reports to the body; a standard loop may run again.
    if (token.loopCounter !== undefined) return innerCompleted(this, token);
    if (token.loopRuns !== undefined && !endRun(this, token)) return;
    if (!adHocPathCompleting(this, token)) return;
    const element = this.element(token.elementId);
    const behaviour = behaviourOf(element);
    if (behaviour.leave) behaviour.leave(this, token, element);
    else this.leaveByConditions(token);
  }

  /** Activities and events: every unconditional flow and every flow whose condition holds, else the default flow. */
  leaveByConditions(token: TokenState): void {
    const flows = this.selectFlows(token, 'all');
    if (flows) this.take(token, flows);
  }

  /**
   * Chooses outgoing flows: `first` stops at the first true condition in
   * document order (exclusive gateway). Returns undefined after raising an
   * incident when nothing can be taken.
   */
  selectFlows(token: TokenState, mode: 'first' | 'all'): string[] | undefined {
    const element = this.element(token.elementId);
    if (!element.outgoing.length) return [];
    const chosen: string[] = [];
    for (const flowId of element.outgoing) {
      if (flowId === element.defaultFlow) continue;
      const condition = this.model.flows[flowId].condition;
      if (condition) {
        const holds = this.evaluateCondition(token, flowId, condition);
        if (holds === undefined) return undefined;
        if (!holds) continue;
      }
      chosen.push(flowId);
      if (mode === 'first') break;
    }
    if (!chosen.length && element.defaultFlow) chosen.push(element.defaultFlow);
    if (!chosen.length) {
      this.incident(token, 'leave', 'noFlow', `no outgoing sequence flow of '${element.id}' can be taken: no condition is true and there is no default flow`);
      return undefined;
    }
    return chosen;
  }

  private evaluateCondition(token: TokenState, flowId: string, condition: FeelExpression): boolean | undefined {
    const result = this.evaluateFeel(condition, this.scopeOf(token));
    if (!result.ok) {
      this.incident(token, 'leave', 'expression', `condition of sequence flow '${flowId}': ${result.message}`);
      return undefined;
    }
    if (typeof result.value !== 'boolean') {
      this.incident(
        token,
        'leave',
        'expression',
        `condition of sequence flow '${flowId}' ('${condition.source}') evaluated to ${describeValue(result.value)}, not a boolean`,
      );
      return undefined;
    }
    return result.value;
  }

  /** Moves the token along the first flow and spawns a token for each further flow; no flow ends it. */
  take(token: TokenState, flowIds: string[]): void {
    this.closeLocalScope(token);
    if (!flowIds.length) return this.end(token);
    const [first, ...rest] = flowIds;
    for (const flowId of rest) this.spawn(token.scopeId, this.model.flows[flowId].targetRef, flowId);
    token.elementId = this.model.flows[first].targetRef;
    token.via = first;
    token.status = 'ready';
    token.arrivedAt = ++this.state.sequence;
    this.schedule(() => this.arrive(token), token);
  }

  /** Moves a token to an element without a sequence flow (a link event). */
  jump(token: TokenState, elementId: string): void {
    token.elementId = elementId;
    token.via = undefined;
    token.status = 'ready';
    this.schedule(() => this.arrive(token), token);
  }

  /** The token is consumed; when it was its scope's last, the scope completes. */
  end(token: TokenState): void {
    if (holdForProcessEnd(this, token)) return;
    this.discard(token);
    this.completeScopeIfEmpty(token.scopeId);
  }

  /** Removes a token without looking at its scope (a terminate end event ends the scope itself). */
  discard(token: TokenState): void {
    this.closeLocalScope(token);
    delete this.state.tokens[token.id];
  }

  /** A token waits at a join or for work outside the step. */
  wait(token: TokenState): void {
    token.status = 'waiting';
  }

  // ---- scopes -----------------------------------------------------------------

  openLocalScope(token: TokenState): string {
    if (token.localScopeId && this.state.scopes[token.localScopeId]) return token.localScopeId;
    const id = this.localId('s');
    this.state.scopes[id] = { id, elementId: token.elementId, parentId: token.scopeId, ownerTokenId: token.id, variables: {} };
    token.localScopeId = id;
    return id;
  }

  closeLocalScope(token: TokenState): void {
    if (token.localScopeId) closeScopeSubscriptions(this, token.localScopeId);
    if (token.localScopeId) delete this.state.scopes[token.localScopeId];
    token.localScopeId = undefined;
  }

  tokensIn(scopeId: string): TokenState[] {
    return this.tokenIndex.tokensIn(scopeId);
  }

  private completeScopeIfEmpty(scopeId: string): void {
    if (this.tokensIn(scopeId).length) return;
    if (scopeId === ROOT_SCOPE) return this.finishInstance('completed');
    const owner = this.state.tokens[this.state.scopes[scopeId]?.ownerTokenId ?? ''];
    if (owner?.compensationOf && owner.localScopeId === scopeId) return compensationScopeEmptied(this, owner);
    if (isAdHocInside(this, scopeId)) return adHocScopeEmptied(this, owner!);
    if (owner && owner.localScopeId === scopeId) this.complete(owner);
  }

  /** Terminate end event: every other token of the scope is withdrawn, then the scope ends. */
  terminateScope(scopeId: string): void {
    for (const token of this.tokensIn(scopeId)) this.withdraw(token);
    if (scopeId === ROOT_SCOPE) return this.finishInstance('terminated');
    this.completeScopeIfEmpty(scopeId);
  }

  /** Removes a token and everything it started: its job or user task, its child scope's tokens, its incidents. */
  withdraw(token: TokenState): void {
    if (token.localScopeId) {
      for (const child of this.tokensIn(token.localScopeId)) this.withdraw(child);
    }
    if (token.jobKey) this.cancelJob(token.jobKey);
    if (token.userTaskId) this.cancelUserTask(token.userTaskId);
    if (token.childInstanceId) sendTrigger(this, token.childInstanceId, { type: 'cancel' });
    closeTokenSubscriptions(this, token.id);
    this.state.incidents = this.state.incidents.filter((i) => i.tokenId !== token.id);
    this.discard(token);
    // A token still on its way (or held at a join) never activated the element it points at; one compensating
    // an activity is not that activity (its handler's end is recorded).
    if (token.via === undefined && !token.compensationOf) this.record('element.terminated', { elementId: token.elementId, tokenId: token.id });
  }

  /** A job made earlier in this step is simply not created; an older one is deleted with the commit. */
  cancelJob(key: string): void {
    const created = this.effects.createJobs.findIndex((job) => job.key === key);
    if (created >= 0) this.effects.createJobs.splice(created, 1);
    else this.effects.deleteJobs.push(key);
  }

  private cancelUserTask(id: string): void {
    const created = this.effects.createUserTasks.findIndex((task) => task.id === id);
    if (created >= 0) this.effects.createUserTasks.splice(created, 1);
    else this.effects.deleteUserTasks.push(id);
  }

  finishInstance(status: 'completed' | 'terminated' | 'cancelled'): void {
    dropLoad(this);
    this.state.status = status;
    this.state.endedAt = this.now;
    this.clearAgenda();
    delete this.state.scopes[ROOT_SCOPE]?.compensations;
    for (const sub of Object.values(this.state.subscriptions)) closeSubscription(this, sub);
    this.record(`instance.${status}`);
    if (this.state.parent) notifyParent(this, status);
  }

  // ---- joins ------------------------------------------------------------------

  /** Tokens waiting at a join in one scope instance, oldest first. */
  waitingAt(scopeId: string, elementId: string): TokenState[] {
    return this.tokensIn(scopeId)
      .filter((t) => t.elementId === elementId && t.status === 'waiting' && t.via !== undefined)
      .sort((a, b) => a.arrivedAt - b.arrivedAt);
  }

  /** Consumes the oldest waiting token of each flow in `flowIds`; the first of them goes on. */
  fireJoin(waiting: TokenState[], flowIds: string[]): void {
    const consumed = flowIds.map((flowId) => waiting.find((t) => t.via === flowId)!);
    const [survivor, ...merged] = consumed;
    for (const token of merged) delete this.state.tokens[token.id];
    // No longer waiting: a token arriving before the survivor enters must not be joined with it again.
    survivor.status = 'ready';
    survivor.via = undefined;
    this.schedule(() => this.enter(survivor), survivor);
  }

  private fireSettledJoins(): boolean {
    let fired = false;
    const seen = new Set<string>();
    for (const token of Object.values(this.state.tokens)) {
      const element = this.element(token.elementId);
      const key = `${token.scopeId}/${element.id}`;
      if (token.status !== 'waiting' || element.type !== 'inclusiveGateway' || !element.upstream || seen.has(key)) continue;
      seen.add(key);
      if (this.canStillBeReached(token.scopeId, element)) continue;
      const waiting = this.waitingAt(token.scopeId, element.id);
      const flows = element.incoming.filter((flowId) => waiting.some((t) => t.via === flowId));
      this.fireJoin(waiting, flows);
      fired = true;
    }
    return fired;
  }

  /** Whether a token of the scope, not already waiting at the gateway, sits where a path to the gateway starts. */
  private canStillBeReached(scopeId: string, gateway: ElementModel): boolean {
    const upstream = new Set(gateway.upstream);
    return this.tokensIn(scopeId).some((t) => t.elementId !== gateway.id && upstream.has(t.elementId));
  }

  // ---- expressions and incidents -----------------------------------------------

  evaluateFeel(expression: FeelExpression, scopeId: string): EvaluationOutcome {
    return this.withinLimits(evaluateFeel(expression, (name) => lookupVariable(this.state, scopeId, name), this.now, this.globals));
  }

  evaluateValue(value: ValueOrExpression, scopeId: string): EvaluationOutcome {
    return this.withinLimits(evaluateValue(value, (name) => lookupVariable(this.state, scopeId, name), this.now, this.globals));
  }

  /** A decision version by decision id (the latest) or key, from the step's catalog. */
  decision(ref: string): DecisionVersion | undefined {
    const catalog = this.options.decisions;
    return catalog && Object.hasOwn(catalog, ref) ? catalog[ref] : undefined;
  }

  /** A result larger than a variable may be fails like an expression that cannot be evaluated: an incident where it was used. */
  withinLimits(outcome: EvaluationOutcome): EvaluationOutcome {
    if (!outcome.ok) return outcome;
    const bytes = jsonBytes(outcome.value, this.options.variableBytes ?? Number.POSITIVE_INFINITY, this.growthLeft !== Number.POSITIVE_INFINITY);
    if (bytes > (this.options.variableBytes ?? Number.POSITIVE_INFINITY)) {
      return { ok: false, message: `the result is ${bytes} bytes as JSON; a variable may hold at most ${this.options.variableBytes} (limits.variableBytes)` };
    }
    this.growthLeft -= bytes;
    if (this.growthLeft < 0) {
      return { ok: false, message: `the instance's variables would exceed their limit (limits.instanceBytes) with this result of ${bytes} bytes` };
    }
    return outcome;
  }

  /** The innermost scope of a token: its element's own scope when it has one. */
  scopeOf(token: TokenState): string {
    return token.localScopeId ?? token.scopeId;
  }

  /** An incident of the process's data loader (./data-loader.ts): no token; resolving it runs the loader again. */
  loadIncident(jobKey: string, message: string): void {
    const elementId = this.state.processId;
    const incident: IncidentState = { id: this.globalId(), tokenId: '', elementId, kind: 'job', message, phase: 'load', createdAt: this.now, jobKey };
    this.state.incidents.push(incident);
    this.record('incident.created', { elementId, incidentId: incident.id, message });
  }

  incident(
    token: TokenState,
    phase: IncidentPhase,
    kind: IncidentState['kind'],
    message: string,
    extra: Pick<IncidentState, 'jobKey' | 'pendingVariables'> = {},
  ): void {
    token.status = 'incident';
    const incident: IncidentState = { id: this.globalId(), tokenId: token.id, elementId: token.elementId, kind, message, phase, createdAt: this.now, ...extra };
    this.state.incidents.push(incident);
    this.record('incident.created', { elementId: token.elementId, tokenId: token.id, incidentId: incident.id, message });
  }
}

/**
 * The size of a value as JSON, in bytes. Numbers, booleans and short
 * strings cannot exceed `limit` and are not measured unless `exact` is asked.
 */
function jsonBytes(value: unknown, limit: number, exact: boolean): number {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return exact ? String(value).length : 0;
  // Every UTF-16 unit takes at most 6 bytes in JSON (an escape).
  if (typeof value === 'string' && !exact && value.length * 6 + 2 <= limit) return 0;
  return Buffer.byteLength(JSON.stringify(value) ?? 'null');
}
