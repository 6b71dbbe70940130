/**
 * Open incidents across instances. An incident lives in its instance's
 * state; its id is `<instanceId>-<n>` (unique across instances), so one
 * incident is found from its id alone, and a list pages through the
 * instances that the store reports as having incidents.
 */
import { InvalidArgumentError, NotFoundError } from '../errors.js';
import type { InstanceState } from '../runtime/state.js';
import { pageLimit } from '../store/queries.js';
import type { Store } from '../store/store.js';
import { instanceView, type IncidentView } from './views.js';

export interface IncidentDetails extends IncidentView {
  instanceId: string;
  processId: string;
  version: number;
  definitionKey: string;
  businessKey?: string;
}

export interface IncidentQuery {
  processId?: string;
  instanceId?: string;
  /** Page size: default 100, at most 1000. */
  limit?: number;
  /** Cursor: an incident id (a page's `next`); the page starts after it. */
  after?: string;
}

export interface IncidentPage {
  /** Ordered by instance id, then by creation within an instance. */
  items: IncidentDetails[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

interface IncidentId {
  instanceId: string;
  n: number;
}

/** Splits `<instanceId>-<n>`; undefined for anything else. Instance ids may contain dashes, the counter never does. */
function parseIncidentId(id: string): IncidentId | undefined {
  const dash = id.lastIndexOf('-');
  const n = id.slice(dash + 1);
  if (dash <= 0 || !/^\d+$/.test(n)) return undefined;
  return { instanceId: id.slice(0, dash), n: Number(n) };
}

function incidentsOf(state: InstanceState): Array<IncidentDetails & { n: number }> {
  const { id: instanceId, processId, version, definitionKey, businessKey } = state;
  return instanceView(state)
    .incidents.map((incident) => ({ ...incident, instanceId, processId, version, definitionKey, businessKey, n: parseIncidentId(incident.id)?.n ?? 0 }))
    .sort((a, b) => a.n - b.n);
}

/** One open incident; NotFoundError when there is none with the id (resolved, or never there). */
export async function findIncident(store: Store, id: string): Promise<IncidentDetails> {
  const parsed = parseIncidentId(id);
  const state = parsed && (await store.getInstance(parsed.instanceId));
  const found = state && incidentsOf(state).find((incident) => incident.id === id);
  if (!found) throw new NotFoundError(`no open incident '${id}'`);
  const { n: _n, ...incident } = found;
  return incident;
}

export async function queryIncidents(store: Store, query: IncidentQuery): Promise<IncidentPage> {
  const limit = pageLimit(query.limit);
  const cursor = query.after === undefined || query.after === '' ? undefined : parseIncidentId(query.after);
  if (query.after && !cursor) throw new InvalidArgumentError(`'${query.after}' is not an incident id; pass a page's next as after`);
  const items: IncidentDetails[] = [];
  /** Adds the instance's incidents that come after the cursor; true once the page is full. */
  const take = (state: InstanceState): boolean => {
    if (query.processId && state.processId !== query.processId) return false;
    if (cursor && state.id < cursor.instanceId) return false;
    for (const { n, ...incident } of incidentsOf(state)) {
      if (cursor && state.id === cursor.instanceId && n <= cursor.n) continue;
      items.push(incident);
      if (items.length === limit) return true;
    }
    return false;
  };
  if (query.instanceId) {
    const state = await store.getInstance(query.instanceId);
    if (state) take(state);
  } else {
    // The cursor's instance may have more incidents after it; the store's `after` starts past that instance.
    const cursorState = cursor && (await store.getInstance(cursor.instanceId));
    let full = cursorState ? take(cursorState) : false;
    let after = cursor?.instanceId;
    while (!full) {
      // Each instance found has at least one incident, so this many instances fill the page.
      const size = limit - items.length;
      const states = await store.queryInstances({ hasIncidents: true, processId: query.processId, after, limit: size });
      for (const state of states) {
        full = take(state);
        if (full) break;
      }
      if (states.length < size) break;
      after = states[states.length - 1].id;
    }
  }
  return { items, next: items.length === limit ? items[items.length - 1].id : undefined };
}
