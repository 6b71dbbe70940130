import { expect } from 'chai';
import { StoreSyncError } from '../../engine/index.js';
import { backgroundErrorHandler } from '../../server/background-errors.js';

function recordingLogger() {
  const lines: Array<{ level: string; fields: unknown; message: string }> = [];
  return {
    lines,
    error: (fields: unknown, message: string) => void lines.push({ level: 'error', fields, message }),
    fatal: (fields: unknown, message: string) => void lines.push({ level: 'fatal', fields, message }),
  };
}

describe("the server's background errors", () => {
  it('should log a background error with secret values taken out, and go on', () => {
    // given
    const logger = recordingLogger();
    const exits: number[] = [];
    const handle = backgroundErrorHandler(
      logger as never,
      (text) => text.replaceAll('s3cret', '***'),
      (code) => exits.push(code),
    );

    // when
    handle(new Error('the handler sent s3cret to the wrong place'));

    // then
    expect(logger.lines).to.deep.equal([
      { level: 'error', fields: { err: { message: 'the handler sent *** to the wrong place', type: 'Error' } }, message: 'background error' },
    ]);
    expect(exits).to.deep.equal([]);
  });

  it('should exit with 1 when the disk refused a write of the store, so that a supervisor starts it again on the file', () => {
    // given
    const logger = recordingLogger();
    const exits: number[] = [];
    const handle = backgroundErrorHandler(
      logger as never,
      (text) => text,
      (code) => exits.push(code),
    );

    // when
    handle(new StoreSyncError('the disk did not confirm a write to /data/baton.db-wal (EIO)'));

    // then
    expect(exits).to.deep.equal([1]);
    expect(logger.lines.map((line) => line.level)).to.deep.equal(['fatal']);
    expect(logger.lines[0].message).to.match(/disk refused a write/);
  });
});
