import { expect } from 'chai';
import { ConflictError, Engine, InvalidArgumentError, NotFoundError, PromotionError, type Environments } from '../../engine/index.js';
import { environmentReferences, parseEnvironments } from '../../engine/definitions/environments.js';
import { compileBpmn } from '../../engine/model/compile.js';
import { fixture, until } from '../helpers.js';

const xml = fixture(import.meta.url, 'pricing.bpmn');

const ENVIRONMENTS: Environments = {
  dev: { values: { API_URL: 'http://localhost:9000', MODE: 'test' } },
  staging: { values: { API_URL: 'https://staging.example.com', MODE: 'live' } },
  prod: { values: { API_URL: 'https://api.example.com' } },
};

describe('environments', () => {
  let engine: Engine;

  beforeEach(async () => {
    engine = await Engine.open({ environments: ENVIRONMENTS, jobs: { pollIntervalMs: 10 } });
  });

  afterEach(async () => {
    await engine.close();
  });

  const errorOf = (promise: Promise<unknown>) =>
    promise.then(
      () => expect.fail('expected a rejection'),
      (error: unknown) => error,
    );

  describe('configuration', () => {
    it('should refuse bad environment names, value names and values, naming what is wrong', () => {
      const refusal = (input: unknown) => {
        try {
          parseEnvironments(input);
        } catch (error) {
          expect(error).to.be.instanceOf(InvalidArgumentError);
          return (error as Error).message;
        }
        return expect.fail('expected a refusal');
      };
      expect(refusal({ 'pro d': {} })).to.match(/the name 'pro d'/);
      expect(refusal({ dev: { values: { 'API-URL': 'x' } } })).to.equal("environments.dev.values: 'API-URL' is not a name FEEL can read as env.API-URL");
      expect(refusal({ dev: { values: { PORT: 80 } } })).to.equal('environments.dev.values.PORT must be text');
      expect(refusal({ dev: { value: {} } })).to.equal('environments.dev: unknown field(s) value (use values, secrets, promotesTo)');
      expect(refusal([])).to.match(/must be an object/);
    });

    it("should collect the env names a definition's FEEL expressions read, not text in string literals", async () => {
      // when
      const { processes } = await compileBpmn(xml);

      // then
      expect(environmentReferences(processes[0])).to.deep.equal(['API_URL', 'MODE']);
    });
  });

  describe('at run time', () => {
    it('should let FEEL read the values of the environment the version was deployed to', async () => {
      // given
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });

      // when
      const { id } = await engine.start('pricing', { environment: 'dev' });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
      expect(done.variables).to.deep.equal({ endpoint: 'http://localhost:9000/prices?note=env.NOT_READ' });
    });

    it('should not let a variable named env stand in for the environment', async () => {
      // given
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });

      // when
      const { id } = await engine.start('pricing', { environment: 'dev', variables: { env: { API_URL: 'http://evil.example', MODE: 'live' } } });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
      expect(done.variables.endpoint).to.equal('http://localhost:9000/prices?note=env.NOT_READ');
    });

    it('should hand handlers the values of their environment as job.env', async () => {
      // given
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'staging' });
      engine.handle('fetch-price', async (job) => ({ fetchedFrom: job.env.API_URL }));

      // when
      const { id } = await engine.start('pricing', { environment: 'staging' });

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 5000 });
      expect(done.variables.fetchedFrom).to.equal('https://staging.example.com');
    });

    it('should give an environment without configuration an empty env, so that a value read from it is null (FEEL in Camunda 8.3+)', async () => {
      // given
      await engine.deploy({ name: 'pricing.bpmn', xml });

      // when
      const { id } = await engine.start('pricing');

      // then
      const done = await engine.waitFor(id, 'completed', { timeoutMs: 2_000 });
      expect(done.variables.endpoint).to.equal(null);
    });

    it('should start the latest version of the named environment, and refuse one it does not have', async () => {
      // given: dev has versions 1 and 3, staging version 2
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'staging' });
      await engine.deploy({ name: 'pricing.bpmn', xml: xml.replace('name="Pricing"', 'name="Pricing 3"'), environment: 'dev' });

      // then
      expect((await engine.start('pricing', { environment: 'dev' })).version).to.equal(3);
      expect((await engine.start('pricing', { environment: 'staging' })).version).to.equal(2);
      expect(await errorOf(engine.start('pricing', { environment: 'prod' }))).to.be.instanceOf(NotFoundError);
      expect(await errorOf(engine.start('pricing', { environment: 'staging', version: 3 }))).to.be.instanceOf(NotFoundError);
    });

    it('should make the same XML one version per environment', async () => {
      // when
      const first = await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });
      const again = await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });
      const staging = await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'staging' });

      // then
      expect([first, again, staging].map((r) => [r.processes[0].version, r.processes[0].created])).to.deep.equal([
        [1, true],
        [1, false],
        [2, true],
      ]);
      expect((await engine.definitions()).map((d) => [d.version, d.environment])).to.deep.equal([
        [1, 'dev'],
        [2, 'staging'],
      ]);
    });
  });

  describe('promotion', () => {
    beforeEach(async () => {
      await engine.deploy({ name: 'pricing.bpmn', xml, environment: 'dev', description: 'prices', tags: ['billing'] });
    });

    it('should create the same XML as a version of the next environment, while instances of the version run', async () => {
      // given
      engine.handle('fetch-price', async () => ({}));
      await engine.start('pricing', { environment: 'dev' });

      // when
      const promoted = await engine.promote('pricing', 1, 'staging', { promotedBy: 'ci' });
      const again = await engine.promote('pricing', 1, 'staging');

      // then
      expect(promoted).to.deep.include({ processId: 'pricing', version: 2, key: 'pricing:2', created: true, environment: 'staging' });
      expect(promoted.promotedFrom).to.deep.equal({ key: 'pricing:1', environment: 'dev' });
      expect(again).to.include({ version: 2, created: false });
      expect(await engine.definitionXml('pricing', 2)).to.equal(xml);
      expect(await engine.definition('pricing', 2)).to.deep.include({ environment: 'staging', deployedBy: 'ci', description: 'prices', tags: ['billing'] });
      const { id } = await engine.start('pricing', { environment: 'staging' });
      expect((await engine.waitFor(id, 'completed', { timeoutMs: 5000 })).variables.endpoint).to.equal('https://staging.example.com/prices?note=env.NOT_READ');
    });

    it('should refuse to skip a stage or go back, with a ConflictError naming the next stage', async () => {
      // when
      const skipped = await errorOf(engine.promote('pricing', 1, 'prod'));
      const same = await errorOf(engine.promote('pricing', 1, 'dev'));

      // then
      expect(skipped).to.be.instanceOf(ConflictError);
      expect((skipped as ConflictError).message).to.equal("cannot promote pricing:1 from 'dev' to 'prod': versions of 'dev' are promoted to 'staging' only");
      expect((skipped as ConflictError).details).to.deep.equal({ from: 'dev', to: 'prod', next: 'staging' });
      expect(same).to.be.instanceOf(ConflictError);
    });

    it('should refuse with the env names the target does not define, and create nothing', async () => {
      // given
      await engine.promote('pricing', 1, 'staging');

      // when
      const error = await errorOf(engine.promote('pricing', 2, 'prod'));

      // then
      expect(error).to.be.instanceOf(PromotionError);
      expect((error as PromotionError).details).to.deep.equal({ environment: 'prod', missing: ['MODE'] });
      expect((await engine.definitions()).map((d) => d.environment)).to.deep.equal(['dev', 'staging']);
      expect(await engine.checkPromotion('pricing', 2, 'prod')).to.deep.equal({
        processId: 'pricing',
        version: 2,
        from: 'staging',
        to: 'prod',
        references: ['API_URL', 'MODE'],
        missing: ['MODE'],
      });
    });

    it('should follow the configured promotion path instead of the default one', async () => {
      // given
      const configured = await Engine.open({ environments: { dev: { promotesTo: 'qa' }, qa: { values: { API_URL: 'x', MODE: 'y' } } } });
      try {
        await configured.deploy({ name: 'pricing.bpmn', xml, environment: 'dev' });

        // then
        expect(await errorOf(configured.promote('pricing', 1, 'staging'))).to.be.instanceOf(ConflictError);
        expect((await configured.promote('pricing', 1, 'qa')).environment).to.equal('qa');
        expect(await errorOf(configured.promote('pricing', 2, 'prod'))).to.be.instanceOf(ConflictError);
      } finally {
        await configured.close();
      }
    });

    it('should refuse an unknown version with a NotFoundError and a bad target name with an InvalidArgumentError', async () => {
      expect(await errorOf(engine.promote('pricing', 9, 'staging'))).to.be.instanceOf(NotFoundError);
      expect(await errorOf(engine.promote('pricing', 1, '../prod'))).to.be.instanceOf(InvalidArgumentError);
    });
  });
});
