/**
 * A connector runtime: serves connectors in a process of its own, as an
 * external worker of a Baton server. It registers its connectors (task type
 * and element template) with the server and repeats that as a heartbeat;
 * per connector it long-polls the jobs API for jobs of its type, runs the
 * connector's handler, and reports the outcome: complete, fail (the
 * server retries while retries are left) or a BPMN error. Delivery is
 * at-least-once: a handler gets the job key as its idempotency key.
 * `stop()` stops polling and waits for the jobs that are running.
 */
import { hostname } from 'node:os';
import { Denial, Redactor, type Connector, type ActivatedJob, type Job } from '../../engine/index.js';
import { ApiError, ServerApi } from './api.js';

export interface RuntimeOptions {
  /** The Baton server, e.g. http://127.0.0.1:8080. */
  url: string;
  /** An API key with the worker role, when the server has keys. */
  key?: string;
  /** The runtime's name: its registration and the worker that holds its jobs' locks. */
  name?: string;
  connectors: readonly Connector[];
  /** How often the registration is repeated (default 30 s; the server forgets it after 2 minutes). */
  heartbeatMs?: number;
  /** How long one activation waits for a job (long polling, default 20 s). */
  pollTimeoutMs?: number;
  /** How long a job is locked to this runtime (default 5 minutes). */
  lockMs?: number;
  /** Jobs of one connector run at once at most (default 8). */
  concurrency?: number;
  /** Delay before a failed job is tried again, and after a failed poll (default 5 s). */
  backoffMs?: number;
  log?: (line: string) => void;
}

/** An error message sent back is cut to this length. */
const MAX_ERROR_MESSAGE = 4_000;

export class ConnectorRuntime {
  readonly name: string;
  private readonly api: ServerApi;
  private readonly options: Required<Omit<RuntimeOptions, 'key' | 'name' | 'url'>>;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly runningByType = new Map<string, number>();
  private loops: Promise<void>[] = [];
  private heartbeat?: NodeJS.Timeout;

  constructor({ url, key, name, ...options }: RuntimeOptions) {
    this.name = name ?? `connectors-${hostname()}-${process.pid}`;
    this.api = new ServerApi(url, key);
    this.options = { heartbeatMs: 30_000, pollTimeoutMs: 20_000, lockMs: 300_000, concurrency: 8, backoffMs: 5_000, log: () => {}, ...options };
  }

  /** Registers with the server (an answer 4xx, such as a key without the worker role, is thrown) and starts polling. */
  async start(): Promise<void> {
    try {
      await this.register();
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) throw error;
      this.options.log(`registration failed, tried again in ${this.options.heartbeatMs} ms: ${describeError(error)}`);
    }
    this.scheduleHeartbeat();
    this.loops = this.options.connectors.map((connector) => this.poll(connector));
  }

  /** Stops polling and the heartbeat, and resolves once the running jobs are reported. */
  async stop(): Promise<void> {
    if (this.stopping.signal.aborted) return;
    this.stopping.abort();
    clearTimeout(this.heartbeat);
    await Promise.all(this.loops);
    await Promise.all(this.running);
  }

  private async register(): Promise<void> {
    await this.api.register(
      this.name,
      this.options.connectors.map(({ type, template }) => ({ type, template })),
    );
  }

  private scheduleHeartbeat(): void {
    this.heartbeat = setTimeout(async () => {
      await this.register().catch((error) => this.options.log(`heartbeat failed: ${describeError(error)}`));
      if (!this.stopping.signal.aborted) this.scheduleHeartbeat();
    }, this.options.heartbeatMs);
  }

  private async poll(connector: Connector): Promise<void> {
    const { signal } = this.stopping;
    while (!signal.aborted) {
      const free = this.options.concurrency - (this.runningByType.get(connector.type) ?? 0);
      if (free <= 0) {
        await Promise.race(this.running);
        continue;
      }
      let jobs: ActivatedJob[];
      try {
        jobs = await this.api.activate(
          {
            type: connector.type,
            worker: this.name,
            maxJobs: free,
            lockMs: this.options.lockMs,
            requestTimeoutMs: this.options.pollTimeoutMs,
            withSecrets: true,
          },
          signal,
        );
      } catch (error) {
        if (signal.aborted) return;
        this.options.log(`activating ${connector.type} jobs failed: ${describeError(error)}`);
        await sleep(this.options.backoffMs, signal);
        continue;
      }
      for (const job of jobs) this.track(connector.type, this.run(connector, job));
    }
  }

  private track(type: string, work: Promise<void>): void {
    this.runningByType.set(type, (this.runningByType.get(type) ?? 0) + 1);
    const done = work.finally(() => {
      this.running.delete(done);
      this.runningByType.set(type, (this.runningByType.get(type) ?? 1) - 1);
    });
    this.running.add(done);
  }

  /** Runs the handler and reports its outcome; never throws (a report that fails is logged, and the lock runs out). */
  private async run(connector: Connector, activated: ActivatedJob): Promise<void> {
    const { key } = activated;
    const worker = this.name;
    // Its own log lines must not carry the job's secrets either (the server redacts what it stores).
    const redactor = new Redactor(Object.values(activated.secrets ?? {}));
    const describe = (error: unknown) => redactor.redact(describeError(error));
    try {
      let outcome;
      try {
        outcome = await connector.handler(jobOf(activated));
      } catch (error) {
        if (isBpmnError(error)) {
          await this.api.error(key, { worker, errorCode: error.errorCode, message: error.message, variables: error.variables ?? {} });
          return;
        }
        const retries = Math.max(0, activated.retries - 1);
        this.options.log(`job ${key} (${connector.type}) failed, ${retries} retries left: ${describe(error)}`);
        await this.api.fail(key, { worker, retries, backoffMs: this.options.backoffMs, errorMessage: describe(error).slice(0, MAX_ERROR_MESSAGE) });
        return;
      }
      if (outcome instanceof Denial) await this.api.complete(key, { worker, variables: {}, result: { denied: true, deniedReason: outcome.reason } });
      else await this.api.complete(key, { worker, variables: outcome ?? {} });
    } catch (error) {
      // 404: the job is gone (its task was cancelled); 409: its lock ran out and another worker took it.
      this.options.log(`reporting job ${key} (${connector.type}) failed: ${describe(error)}`);
    }
  }
}

/** The job as a handler in the engine process would see it. The jobs API sends no environment values; secrets when asked. */
function jobOf(activated: ActivatedJob): Job {
  const { key, type, variables, headers, retries, processId, definitionKey, instanceId, elementId, kind, listenerEventType } = activated;
  return {
    key,
    type,
    variables,
    headers,
    retries,
    context: { instanceId, processId, definitionKey, elementId },
    env: {},
    secrets: activated.secrets ?? {},
    idempotencyKey: key,
    kind,
    listenerEventType,
  };
}

/** engine/errors.ts BpmnError, recognised by its code so a connector bundled with another copy of the engine counts too. */
function isBpmnError(error: unknown): error is { errorCode: string; message: string; variables?: Record<string, unknown> } {
  const candidate = error as { code?: unknown; errorCode?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && candidate.code === 'BPMN_ERROR' && typeof candidate.errorCode === 'string';
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ? `${error.message} (${cause.code})` : error.message;
  }
  return String(error);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
