/** The schema of the cockpit's dashboard (GET /api/stats). */
import { closed, type Schema } from './build.js';

const count: Schema = { type: 'integer', minimum: 0 };
const string: Schema = { type: 'string' };

export const statsSchemas: Record<string, Schema> = {
  Dashboard: closed(
    ['since', 'hours', 'bucketMinutes', 'buckets', 'totals', 'processes', 'slowestElements'],
    {
      since: { type: 'string', format: 'date-time', description: 'The start of the first bucket.' },
      hours: { type: 'integer', enum: [1, 6, 24, 168] },
      bucketMinutes: { type: 'integer', description: '5, 30, 60 or 360, by window.' },
      buckets: {
        type: 'array',
        description: 'Oldest first; the last one holds now.',
        items: closed(['at', 'started', 'completed', 'incidents'], {
          at: { type: 'string', format: 'date-time' },
          started: count,
          completed: count,
          incidents: count,
        }),
      },
      totals: closed(['started', 'completed', 'incidents', 'active', 'openIncidents'], {
        started: count,
        completed: count,
        incidents: { ...count, description: 'Opened in the window.' },
        active: { ...count, description: 'Active now.' },
        openIncidents: { ...count, description: 'Open now.' },
      }),
      processes: {
        type: 'array',
        description: 'Processes with active instances, the busiest first; each version counted apart.',
        items: closed(['processId', 'active', 'incidents', 'versions'], {
          processId: string,
          active: count,
          incidents: count,
          versions: {
            type: 'array',
            items: closed(['version', 'active', 'incidents'], { version: { type: 'integer', minimum: 1 }, active: count, incidents: count }),
          },
        }),
      },
      slowestElements: {
        type: 'array',
        description: 'Elements that waited (service and user tasks, timers, messages), by mean time from activation to completion, longest first.',
        items: closed(['processId', 'elementId', 'count', 'meanMs', 'maxMs'], {
          processId: string,
          elementId: string,
          count,
          meanMs: { type: 'number' },
          maxMs: { type: 'number' },
        }),
      },
    },
    'Counters the store keeps as steps commit (from the upgrade to schema 14 on), and the active instances: nothing reads ended instances.',
  ),
};
