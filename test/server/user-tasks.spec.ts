import { expect } from 'chai';
import type { UserTask } from '../../engine/index.js';
import { call, serveNewEngine, type TestServer } from './serve.js';

describe('REST API: user tasks', () => {
  let server: TestServer;
  const get = (path: string, identity?: Identity) => call(server.base, 'GET', path, undefined, identity);
  const post = (path: string, body?: unknown, identity?: Identity) => call(server.base, 'POST', path, body ?? {}, identity);
  const ids = (tasks: UserTask[]) => tasks.map((t) => t.id);

  type Identity = { name: string; roles: string[]; groups: string[] };
  const ann: Identity = { name: 'ann', roles: ['user'], groups: ['sales'] };
  const carl: Identity = { name: 'carl', roles: ['user'], groups: [] };
  const dana: Identity = { name: 'dana', roles: ['user'], groups: ['support'] };
  const eve: Identity = { name: 'eve', roles: ['user'], groups: ['finance'] };
  const operator: Identity = { name: 'ops-bot', roles: ['operator'], groups: [] };
  const viewer: Identity = { name: 'auditor', roles: ['viewer', 'user'], groups: [] };

  /** Starts an instance and resolves with its one open user task. */
  async function taskOf(processId: string, variables: Record<string, unknown> = {}): Promise<UserTask> {
    const { id } = await server.engine.start(processId, { variables });
    const [task] = await server.engine.userTasks({ instanceId: id });
    return task;
  }

  beforeEach(async () => {
    server = await serveNewEngine({ deploy: ['user-tasks.bpmn'], identities: true });
  });

  afterEach(async () => {
    await server.stop();
  });

  describe('GET /api/user-tasks', () => {
    it('should list open user tasks, filtered by assignee, candidate group, process and instance', async () => {
      // given
      const review = await taskOf('review', { total: 10 });
      const ticket = await taskOf('ticket', { owner: 'dana' });
      const other = await taskOf('ticket', { owner: 'fred' });

      // when
      const all = await (await get('/api/user-tasks')).json();
      const byAssignee = await (await get('/api/user-tasks?assignee=dana')).json();
      const byGroup = await (await get('/api/user-tasks?candidateGroup=sales')).json();
      const byProcess = await (await get('/api/user-tasks?processId=ticket')).json();
      const byInstance = await (await get(`/api/user-tasks?instanceId=${other.instanceId}`)).json();

      // then
      expect(ids(all.items)).to.deep.equal([review.id, ticket.id, other.id]);
      expect(ids(byAssignee.items)).to.deep.equal([ticket.id]);
      expect(ids(byGroup.items)).to.deep.equal([review.id]);
      expect(ids(byProcess.items)).to.deep.equal([ticket.id, other.id]);
      expect(ids(byInstance.items)).to.deep.equal([other.id]);
    });

    it('should answer 400 for a filter given twice', async () => {
      // when
      const response = await get('/api/user-tasks?assignee=a&assignee=b');

      // then
      expect(response.status).to.equal(400);
      expect((await response.json()).error.code).to.equal('INVALID_ARGUMENT');
    });
  });

  describe('GET /api/user-tasks/:id', () => {
    it('should return the task with its form key, candidates and the variables visible at its element', async () => {
      // given
      const task = await taskOf('review', { total: 21 });

      // when
      const response = await get(`/api/user-tasks/${task.id}`);

      // then: the root scope, the sub-process's input and the task's own input
      expect(response.status).to.equal(200);
      const body = await response.json();
      expect(body).to.include({ id: task.id, instanceId: task.instanceId, elementId: 'approve', name: 'Approve order', formKey: 'approval-form' });
      expect(body.candidateGroups).to.deep.equal(['sales']);
      expect(body.candidateUsers).to.deep.equal(['carl']);
      expect(body.variables).to.deep.equal({ total: 21, round: 'first', doubled: 42 });
      const instance = await server.engine.getInstance(task.instanceId);
      expect(instance.variables).to.deep.equal({ total: 21 });
    });

    it('should answer 404 for an unknown task and for a completed one', async () => {
      // given
      const task = await taskOf('ticket', { owner: 'dana' });
      await server.engine.completeUserTask(task.id, {});

      // when
      const unknown = await get('/api/user-tasks/nope');
      const completed = await get(`/api/user-tasks/${task.id}`);

      // then
      expect(unknown.status).to.equal(404);
      expect(completed.status).to.equal(404);
      expect((await completed.json()).error.code).to.equal('NOT_FOUND');
    });
  });

  describe('POST /api/user-tasks/:id/claim and /unclaim', () => {
    it('should claim a task for an assignee, who then finds it by assignee', async () => {
      // given
      const task = await taskOf('review', { total: 1 });

      // when
      const response = await post(`/api/user-tasks/${task.id}/claim`, { assignee: 'ann' });

      // then
      expect(response.status).to.equal(200);
      expect(await response.json()).to.include({ id: task.id, assignee: 'ann' });
      const mine = await (await get('/api/user-tasks?assignee=ann')).json();
      expect(ids(mine.items)).to.deep.equal([task.id]);
    });

    it('should answer 409 naming the holder when someone else holds the task, and accept the holder claiming it again', async () => {
      // given
      const task = await taskOf('review', { total: 1 });
      await post(`/api/user-tasks/${task.id}/claim`, { assignee: 'ann' });

      // when
      const taken = await post(`/api/user-tasks/${task.id}/claim`, { assignee: 'bob' });
      const again = await post(`/api/user-tasks/${task.id}/claim`, { assignee: 'ann' });

      // then
      expect(taken.status).to.equal(409);
      const { error } = await taken.json();
      expect(error.code).to.equal('CONFLICT');
      expect(error.details).to.deep.equal({ assignee: 'ann' });
      expect(again.status).to.equal(200);
      expect((await server.engine.getUserTask(task.id)).assignee).to.equal('ann');
    });

    it('should unclaim a task so that another person can claim it', async () => {
      // given
      const task = await taskOf('ticket', { owner: 'dana' });

      // when
      const released = await post(`/api/user-tasks/${task.id}/unclaim`);
      const claimed = await post(`/api/user-tasks/${task.id}/claim`, { assignee: 'gil' });

      // then
      expect(released.status).to.equal(200);
      expect(await released.json()).not.to.have.property('assignee');
      expect(claimed.status).to.equal(200);
      expect((await server.engine.getUserTask(task.id)).assignee).to.equal('gil');
    });

    it('should answer 400 for a claim without an assignee or with one that is not a string, and 404 for an unknown task', async () => {
      // given
      const task = await taskOf('review', { total: 1 });

      // when
      const missing = await post(`/api/user-tasks/${task.id}/claim`, {});
      const wrongType = await post(`/api/user-tasks/${task.id}/claim`, { assignee: 7 });
      const unknown = await post('/api/user-tasks/nope/claim', { assignee: 'ann' });
      const unknownUnclaim = await post('/api/user-tasks/nope/unclaim');

      // then
      expect(missing.status).to.equal(400);
      expect(wrongType.status).to.equal(400);
      expect(unknown.status).to.equal(404);
      expect(unknownUnclaim.status).to.equal(404);
    });
  });

  describe('POST /api/user-tasks/:id/complete', () => {
    it('should complete a task with variables, and the instance goes on to its end', async () => {
      // given
      const task = await taskOf('review', { total: 5 });

      // when
      const response = await post(`/api/user-tasks/${task.id}/complete`, { variables: { approved: true } });

      // then
      expect(response.status).to.equal(204);
      const done = await server.engine.waitFor(task.instanceId, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ total: 5, approved: true });
      expect((await get(`/api/user-tasks/${task.id}`)).status).to.equal(404);
    });

    it('should answer 400 for variables that are not an object, 404 for an unknown task and 405 for a wrong method', async () => {
      // given
      const task = await taskOf('review', { total: 5 });

      // when
      const notObject = await post(`/api/user-tasks/${task.id}/complete`, { variables: ['yes'] });
      const unknown = await post('/api/user-tasks/nope/complete', { variables: {} });
      const wrongMethod = await get(`/api/user-tasks/${task.id}/complete`);

      // then
      expect(notObject.status).to.equal(400);
      expect(unknown.status).to.equal(404);
      expect(wrongMethod.status).to.equal(405);
      expect((await server.engine.getInstance(task.instanceId)).status).to.equal('active');
    });

    it('should answer 413 naming a variable over the size limit, and leave the task open', async () => {
      // given
      await server.stop();
      server = await serveNewEngine({ deploy: ['user-tasks.bpmn'], engine: { limits: { variableBytes: 1024 } } });
      const task = await taskOf('review', { total: 5 });

      // when
      const response = await post(`/api/user-tasks/${task.id}/complete`, { variables: { note: 'x'.repeat(2048) } });

      // then
      expect(response.status).to.equal(413);
      const { error } = await response.json();
      expect(error.code).to.equal('LIMIT_EXCEEDED');
      expect(error.details.variable).to.equal('note');
      expect((await get(`/api/user-tasks/${task.id}`)).status).to.equal(200);
    });
  });

  describe('with an identity of the user role', () => {
    it('should list only the tasks assigned to the user or offered to them by group or as a candidate user', async () => {
      // given
      const review = await taskOf('review', { total: 1 }); // sales, candidate user carl
      const forDana = await taskOf('ticket', { owner: 'dana' }); // support
      const forFred = await taskOf('ticket', { owner: 'fred' }); // support

      // when
      const seenBy = async (identity: Identity) => ids((await (await get('/api/user-tasks', identity)).json()).items);

      // then
      expect(await seenBy(ann)).to.deep.equal([review.id]);
      expect(await seenBy(carl)).to.deep.equal([review.id]);
      expect(await seenBy(dana)).to.deep.equal([forDana.id, forFred.id]);
      expect(await seenBy({ ...dana, groups: [] })).to.deep.equal([forDana.id]);
      expect(await seenBy(eve)).to.deep.equal([]);
      expect(await seenBy(operator)).to.deep.equal([review.id, forDana.id, forFred.id]);
      expect(await seenBy(viewer)).to.deep.equal([review.id, forDana.id, forFred.id]);
    });

    it("should page a user's list in the store, the cursor leading to the rest, and refuse a bad page size", async () => {
      // given: three tasks for the support group, one for sales
      const tickets = [
        await taskOf('ticket', { owner: 'dana' }),
        await taskOf('review', { total: 1 }),
        await taskOf('ticket', { owner: 'fred' }),
        await taskOf('ticket', { owner: 'gil' }),
      ];

      // when
      const first = await (await get('/api/user-tasks?limit=2', dana)).json();
      const second = await (await get(`/api/user-tasks?limit=2&after=${first.next}`, dana)).json();
      const bad = await get('/api/user-tasks?limit=0', dana);

      // then
      expect(ids(first.items)).to.deep.equal([tickets[0].id, tickets[2].id]);
      expect(ids(second.items)).to.deep.equal([tickets[3].id]);
      expect(second.next).to.equal(undefined);
      expect(bad.status).to.equal(400);
    });

    it('should answer 404 for a task not offered to the user, whatever they try', async () => {
      // given
      const review = await taskOf('review', { total: 1 });

      // when
      const responses = [
        await get(`/api/user-tasks/${review.id}`, eve),
        await post(`/api/user-tasks/${review.id}/claim`, {}, eve),
        await post(`/api/user-tasks/${review.id}/unclaim`, {}, eve),
        await post(`/api/user-tasks/${review.id}/complete`, { variables: { approved: true } }, eve),
      ];

      // then
      expect(responses.map((r) => r.status)).to.deep.equal([404, 404, 404, 404]);
      expect(await server.engine.getUserTask(review.id)).not.to.have.property('assignee');
    });

    it('should claim a task for the user by default, and refuse with 403 a claim for someone else', async () => {
      // given
      const review = await taskOf('review', { total: 1 });

      // when
      const forOther = await post(`/api/user-tasks/${review.id}/claim`, { assignee: 'bob' }, ann);
      const forSelf = await post(`/api/user-tasks/${review.id}/claim`, {}, ann);

      // then
      expect(forOther.status).to.equal(403);
      expect((await forOther.json()).error.code).to.equal('FORBIDDEN');
      expect(forSelf.status).to.equal(200);
      expect(await forSelf.json()).to.include({ assignee: 'ann' });
    });

    it('should answer 409 when the user claims, unclaims or completes a task that another person holds; an operator may', async () => {
      // given: a support ticket that dana holds, seen by fred through the support group
      const ticket = await taskOf('ticket', { owner: 'dana' });
      const fred: Identity = { name: 'fred', roles: ['user'], groups: ['support'] };

      // when
      const claim = await post(`/api/user-tasks/${ticket.id}/claim`, {}, fred);
      const unclaim = await post(`/api/user-tasks/${ticket.id}/unclaim`, {}, fred);
      const complete = await post(`/api/user-tasks/${ticket.id}/complete`, { variables: {} }, fred);
      const seen = await get(`/api/user-tasks/${ticket.id}`, fred);
      const operatorUnclaim = await post(`/api/user-tasks/${ticket.id}/unclaim`, {}, operator);

      // then
      expect([claim.status, unclaim.status, complete.status]).to.deep.equal([409, 409, 409]);
      expect(seen.status).to.equal(200);
      expect(operatorUnclaim.status).to.equal(200);
      expect(await server.engine.getUserTask(ticket.id)).not.to.have.property('assignee');
    });

    it('should let the user unclaim and complete a task they hold', async () => {
      // given
      const ticket = await taskOf('ticket', { owner: 'dana' });

      // when
      const unclaim = await post(`/api/user-tasks/${ticket.id}/unclaim`, {}, dana);
      const claim = await post(`/api/user-tasks/${ticket.id}/claim`, {}, dana);
      const complete = await post(`/api/user-tasks/${ticket.id}/complete`, { variables: { answer: 'done' } }, dana);

      // then
      expect([unclaim.status, claim.status, complete.status]).to.deep.equal([200, 200, 204]);
      const done = await server.engine.waitFor(ticket.instanceId, 'completed', { timeoutMs: 2_000 });
      expect(done.variables).to.deep.equal({ owner: 'dana', answer: 'done' });
    });

    it('should filter by the identity of a real API key: a user key sees and claims only its own tasks', async () => {
      // given
      await server.stop();
      const keys = { ann: 'ann-key-0123456789abcdef', ops: 'ops-key-0123456789abcdef' };
      server = await serveNewEngine({
        deploy: ['user-tasks.bpmn'],
        apiKeys: [
          { key: keys.ann, name: 'ann', roles: ['user'], groups: ['sales'] },
          { key: keys.ops, name: 'ops', roles: ['operator'], groups: [] },
        ],
      });
      const review = await taskOf('review', { total: 1 });
      await taskOf('ticket', { owner: 'dana' });
      const as = (key: string, method = 'GET', body?: unknown) => ({
        method,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

      // when
      const annSees = await (await fetch(`${server.base}/api/user-tasks`, as(keys.ann))).json();
      const opsSees = await (await fetch(`${server.base}/api/user-tasks`, as(keys.ops))).json();
      const claim = await fetch(`${server.base}/api/user-tasks/${review.id}/claim`, as(keys.ann, 'POST', {}));
      const anonymous = await fetch(`${server.base}/api/user-tasks`);

      // then
      expect(ids(annSees.items)).to.deep.equal([review.id]);
      expect(opsSees.items).to.have.length(2);
      expect(claim.status).to.equal(200);
      expect(await claim.json()).to.include({ assignee: 'ann' });
      expect(anonymous.status).to.equal(401);

      // and the tasklist's filters are the caller's: assigned to ann, her groups, nobody's
      const mine = async (key: string, filter: string) => ids((await (await fetch(`${server.base}/api/user-tasks?mine=${filter}`, as(key))).json()).items);
      expect(await mine(keys.ann, 'assigned')).to.deep.equal([review.id]);
      expect(await mine(keys.ann, 'groups')).to.deep.equal([review.id]);
      expect(await mine(keys.ann, 'unassigned')).to.deep.equal([]);
      expect(await mine(keys.ops, 'unassigned')).to.deep.equal([]); // the ticket is dana's, the review ann's now
      expect(await mine(keys.ops, 'assigned')).to.deep.equal([]);
      expect((await fetch(`${server.base}/api/user-tasks?mine=everything`, as(keys.ann))).status).to.equal(400);
    });

    it('should let a viewer who is also a user read every task but act only on their own', async () => {
      // given
      const review = await taskOf('review', { total: 1 });

      // when
      const read = await get(`/api/user-tasks/${review.id}`, viewer);
      const claim = await post(`/api/user-tasks/${review.id}/claim`, {}, viewer);

      // then
      expect(read.status).to.equal(200);
      expect(claim.status).to.equal(404);
    });
  });
});
