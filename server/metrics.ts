/**
 * Prometheus metrics (prom-client) for one app: a registry of its own, so
 * that several apps (tests) never share counters. Instance and incident
 * counts come from the engine's history events, job counts and step
 * durations from its telemetry, request durations from a Koa middleware.
 *
 * The counters count what this engine process saw. The two gauges are kept
 * by instance id: filled at start from the store (the active instances and
 * their open incidents), then updated by every step this process commits, so
 * they are exact with one engine process per store.
 */
import type { Middleware } from 'koa';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Engine, HistoryEvent, TelemetryEvent } from '../engine/index.js';

export interface MetricsOptions {
  /** Also export Node.js process metrics (memory, CPU, event loop lag): main.ts turns them on. */
  processMetrics?: boolean;
  /** Errors while reading the store at start. */
  onError?: (error: unknown) => void;
}

interface Tracked {
  processId: string;
  incidents: Set<string>;
}

const ENDED = new Set(['instance.completed', 'instance.cancelled', 'instance.terminated']);

export class Metrics {
  readonly registry = new Registry();
  /** The active instances this process knows of, with their open incidents. */
  private readonly active = new Map<string, Tracked>();
  /** Every process seen, so that its gauges read 0 rather than vanish when its last instance ends. */
  private readonly processes = new Set<string>();
  /** Instances that ended while the start-up scan ran: the scan must not bring them back. */
  private endedDuringScan?: Set<string>;
  private readonly instanceEvents: Record<string, Counter<'process_id'>>;
  private readonly incidentsCreated: Counter<'process_id'>;
  private readonly incidentsResolved: Counter<'process_id'>;
  private readonly jobs: Record<'activated' | 'completed' | 'failed', Counter<'type'>>;
  private readonly purged: Counter;
  private readonly stepDuration: Histogram<'trigger'>;
  private readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly onHistory = (event: HistoryEvent) => this.history(event);
  private readonly onTelemetry = (event: TelemetryEvent) => this.telemetry(event);

  constructor(
    private readonly engine: Engine,
    options: MetricsOptions = {},
  ) {
    const registers = [this.registry];
    const counter = <L extends string>(name: string, help: string, labelNames: L[]) => new Counter<L>({ name, help, labelNames, registers });
    this.instanceEvents = {
      'instance.started': counter('baton_instances_started_total', 'Process instances started', ['process_id']),
      'instance.completed': counter('baton_instances_completed_total', 'Process instances completed', ['process_id']),
      'instance.cancelled': counter('baton_instances_cancelled_total', 'Process instances cancelled', ['process_id']),
      'instance.terminated': counter('baton_instances_terminated_total', 'Process instances ended by a terminate end event', ['process_id']),
    };
    this.incidentsCreated = counter('baton_incidents_created_total', 'Incidents raised', ['process_id']);
    this.incidentsResolved = counter('baton_incidents_resolved_total', 'Incidents resolved', ['process_id']);
    this.purged = counter('baton_instances_purged_total', 'Ended instances deleted by retention', []);
    this.jobs = {
      activated: counter('baton_jobs_activated_total', 'Jobs leased to a worker, by task type', ['type']),
      completed: counter('baton_jobs_completed_total', 'Jobs reported done, by task type', ['type']),
      failed: counter('baton_jobs_failed_total', 'Failed job attempts (retried or become an incident), by task type', ['type']),
    };
    const { active, processes } = this;
    new Gauge({
      name: 'baton_instances_active',
      help: 'Process instances that have not ended',
      labelNames: ['process_id'],
      registers,
      collect() {
        this.reset();
        for (const [processId, count] of countBy(active, processes, () => 1)) this.set({ process_id: processId }, count);
      },
    });
    new Gauge({
      name: 'baton_incidents_open',
      help: 'Incidents not yet resolved, on instances that have not ended',
      labelNames: ['process_id'],
      registers,
      collect() {
        this.reset();
        for (const [processId, count] of countBy(active, processes, (t) => t.incidents.size)) this.set({ process_id: processId }, count);
      },
    });
    this.stepDuration = new Histogram({
      name: 'baton_step_duration_seconds',
      help: 'Time to load an instance, apply one trigger and commit, by trigger type',
      labelNames: ['trigger'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'baton_http_request_duration_seconds',
      help: 'HTTP request duration by method, route (as registered, e.g. /api/instances/:id) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
    engine.on('event', this.onHistory);
    engine.telemetry.on(this.onTelemetry);
    void this.scan().catch((error) => options.onError?.(error));
  }

  /** Times every request; the route label is the matched route, never the raw path, and `unmatched` for no route. */
  middleware(): Middleware {
    return async (ctx, next) => {
      const end = this.httpDuration.startTimer();
      try {
        await next();
      } finally {
        const route = (ctx as { _matchedRoute?: string | RegExp })._matchedRoute;
        end({ method: ctx.method, route: route === undefined ? 'unmatched' : String(route), status: String(ctx.status) });
      }
    };
  }

  /** The Prometheus text format. */
  async text(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** Stops listening to the engine. */
  close(): void {
    this.engine.off('event', this.onHistory);
    this.engine.telemetry.off(this.onTelemetry);
  }

  private history(event: HistoryEvent): void {
    this.processes.add(event.processId);
    this.instanceEvents[event.type]?.inc({ process_id: event.processId });
    if (event.type === 'instance.started') this.active.set(event.instanceId, { processId: event.processId, incidents: new Set() });
    else if (ENDED.has(event.type)) {
      this.active.delete(event.instanceId);
      this.endedDuringScan?.add(event.instanceId);
    } else if (event.type === 'incident.created') {
      this.incidentsCreated.inc({ process_id: event.processId });
      this.tracked(event).incidents.add(event.incidentId ?? '');
    } else if (event.type === 'incident.resolved') {
      this.incidentsResolved.inc({ process_id: event.processId });
      this.active.get(event.instanceId)?.incidents.delete(event.incidentId ?? '');
    }
  }

  private tracked({ instanceId, processId }: HistoryEvent): Tracked {
    let tracked = this.active.get(instanceId);
    if (!tracked) this.active.set(instanceId, (tracked = { processId, incidents: new Set() }));
    return tracked;
  }

  private telemetry(event: TelemetryEvent): void {
    if (event.type === 'step') this.stepDuration.observe({ trigger: event.trigger }, event.seconds);
    else if (event.type === 'retention.purged') this.purged.inc(event.instances);
    else this.jobs[event.type === 'job.activated' ? 'activated' : event.type === 'job.completed' ? 'completed' : 'failed'].inc({ type: event.jobType });
  }

  /** Fills the gauges with the instances that were active before this process started. */
  private async scan(): Promise<void> {
    this.endedDuringScan = new Set();
    try {
      let after: string | undefined;
      do {
        const page = await this.engine.queryInstances({ status: 'active', limit: 1000, after });
        for (const instance of page.items) {
          if (this.active.has(instance.id) || this.endedDuringScan.has(instance.id)) continue;
          this.processes.add(instance.processId);
          this.active.set(instance.id, { processId: instance.processId, incidents: new Set(instance.incidents.map((i) => i.id)) });
        }
        after = page.next;
      } while (after);
    } finally {
      this.endedDuringScan = undefined;
    }
  }
}

function countBy(active: Map<string, Tracked>, processes: Set<string>, weight: (tracked: Tracked) => number): Map<string, number> {
  const counts = new Map<string, number>([...processes].map((processId) => [processId, 0]));
  for (const tracked of active.values()) counts.set(tracked.processId, (counts.get(tracked.processId) ?? 0) + weight(tracked));
  return counts;
}
