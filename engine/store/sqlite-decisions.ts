/** The SQLite store's decisions table (./sqlite-schema.ts, version 10). */
import type Database from 'better-sqlite3';
import { ConflictError } from '../errors.js';
import type { DecisionInfo, DecisionRecord } from './store.js';

interface DecisionRow {
  key: string;
  decision_id: string;
  version: number;
  name: string | null;
  requirements_id: string;
  hash: string;
  resource_name: string;
  xml: string;
  graph: string;
  deployed_at: number;
  deployed_by: string | null;
}

const INFO_COLUMNS = 'key, decision_id, version, name, requirements_id, hash, resource_name, deployed_at, deployed_by';

export class SqliteDecisions {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      insert: db.prepare(
        `INSERT INTO decisions (key, decision_id, version, name, requirements_id, hash, resource_name, xml, graph, deployed_at, deployed_by)
         VALUES (@key, @decisionId, @version, @name, @requirementsId, @hash, @resourceName, @xml, @graph, @deployedAt, @deployedBy)
         ON CONFLICT DO NOTHING`,
      ),
      get: db.prepare<[string], DecisionRow>(`SELECT * FROM decisions WHERE key = ?`),
      latest: db.prepare<[string], DecisionRow>(`SELECT * FROM decisions WHERE decision_id = ? ORDER BY version DESC LIMIT 1`),
      all: db.prepare<[], DecisionRow>(`SELECT ${INFO_COLUMNS} FROM decisions ORDER BY decision_id, version`),
      byId: db.prepare<[string], DecisionRow>(`SELECT ${INFO_COLUMNS} FROM decisions WHERE decision_id = ? ORDER BY version`),
    };
  }

  insert(decision: DecisionRecord): void {
    const { changes } = this.stmt.insert.run({
      ...decision,
      name: decision.name ?? null,
      graph: JSON.stringify(decision.graph),
      deployedBy: decision.deployedBy ?? null,
    });
    if (!changes) throw new ConflictError(`decision '${decision.decisionId}' already has version ${decision.version}`);
  }

  get(key: string): DecisionRecord | undefined {
    return readDecision(this.stmt.get.get(key));
  }

  latest(decisionId: string): DecisionRecord | undefined {
    return readDecision(this.stmt.latest.get(decisionId));
  }

  query(query: { decisionId?: string }): DecisionInfo[] {
    const rows = query.decisionId === undefined ? this.stmt.all.all() : this.stmt.byId.all(query.decisionId);
    return rows.map(readInfo);
  }
}

function readInfo(row: DecisionRow): DecisionInfo {
  const info: DecisionInfo = {
    key: row.key,
    decisionId: row.decision_id,
    version: row.version,
    requirementsId: row.requirements_id,
    hash: row.hash,
    resourceName: row.resource_name,
    deployedAt: row.deployed_at,
  };
  if (row.name !== null) info.name = row.name;
  if (row.deployed_by !== null) info.deployedBy = row.deployed_by;
  return info;
}

function readDecision(row: DecisionRow | undefined): DecisionRecord | undefined {
  return row && { ...readInfo(row), xml: row.xml, graph: JSON.parse(row.graph) };
}
