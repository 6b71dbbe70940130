import { readFile } from 'node:fs/promises';
import { Engine } from 'baton-bpmn';

const engine = await Engine.open({ store: 'memory' }); // or 'sqlite:./data/baton.db', or 'mongodb://…/baton?replicaSet=rs0'
engine.handle('charge-card', async (job) => ({ receipt: `R-${job.variables.amount}` }));

const xml = await readFile(new URL('./order.bpmn', import.meta.url), 'utf8');
await engine.deploy({ name: 'order.bpmn', xml });

const { id } = await engine.start('order', { variables: { total: 99 }, businessKey: 'A-42' });
const [review] = await engine.userTasks({ instanceId: id });
await engine.completeUserTask(review.id, { approved: true });

const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
console.log(done.status, done.variables); // completed { total: 99, approved: true, receipt: 'R-99' }
await engine.close();
