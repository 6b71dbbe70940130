import { expect } from 'chai';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './child-server.js';

/** `npm start` with a setting that cannot work: it exits 1 with one line on stderr that names the setting. */
async function failedStart(env: Record<string, string>): Promise<{ message: string; lines: string[] }> {
  const error = await startServer(env).then(
    async (started) => {
      started.child.kill('SIGKILL');
      await started.exited;
      return undefined;
    },
    (failure: Error) => failure,
  );
  expect(error, 'the server started').to.be.instanceOf(Error);
  const stderr = error!.message.replace(/^the server exited with 1 before listening: /, '');
  return { message: error!.message, lines: stderr.trim().split('\n') };
}

describe('Server start-up errors', function () {
  this.timeout(20_000);
  let data: string;
  let occupied: Server | undefined;

  beforeEach(async () => {
    data = await mkdtemp(join(tmpdir(), 'baton-startup-'));
  });

  afterEach(async () => {
    if (occupied) await new Promise((resolve) => occupied!.close(resolve));
    occupied = undefined;
  });

  it('should say in one line that the port is in use and name PORT', async () => {
    // given
    occupied = createServer();
    await new Promise<void>((resolve) => occupied!.listen(0, '127.0.0.1', resolve));
    const { port } = occupied.address() as AddressInfo;

    // when
    const { message, lines } = await failedStart({ PORT: String(port), BATON_DATA_DIR: data });

    // then
    expect(message).to.match(/exited with 1/);
    expect(lines).to.deep.equal([`baton: port ${port} is in use on 127.0.0.1 (is another Baton running?): stop it, or set PORT to another port`]);
  });

  it('should say in one line that the data directory cannot be used and name BATON_DATA_DIR', async () => {
    // given: a file where the data directory should be
    const file = join(data, 'not-a-directory');
    await writeFile(file, 'x');

    // when
    const { lines } = await failedStart({ BATON_DATA_DIR: file });

    // then
    expect(lines).to.deep.equal([
      `baton: the data directory ${file} cannot be used (it is not a directory): set BATON_DATA_DIR to a directory this user can write`,
    ]);
  });
});
