import { expect } from 'chai';
import { NumericKeys } from '../../engine/store/sqlite-numeric-keys.js';
import { rejectionOf } from './contract/factories.js';

describe('SQLite numeric keys: batched and remembered', () => {
  it('should write the keys asked for in one turn in one write, and answer each caller its own', async () => {
    // given
    const writes: Array<Array<{ kind: string; id: string }>> = [];
    let next = 100;
    const keys = new NumericKeys(async (wanted) => {
      writes.push(wanted);
      return wanted.map(() => String(next++));
    });

    // when
    const answers = await Promise.all([keys.assign('instance', 'i-1'), keys.assign('job', 'j-1'), keys.assign('element', 'e-1')]);

    // then
    expect(answers).to.deep.equal(['100', '101', '102']);
    expect(writes).to.deep.equal([
      [
        { kind: 'instance', id: 'i-1' },
        { kind: 'job', id: 'j-1' },
        { kind: 'element', id: 'e-1' },
      ],
    ]);
    expect(keys.keyOf('job', 'j-1')).to.equal('101');
    expect(keys.idOf('102')).to.deep.equal({ kind: 'element', id: 'e-1' });
  });

  it('should reject every caller of a failed write and remember none of its keys', async () => {
    // given
    const keys = new NumericKeys(async () => {
      throw new Error('disk full');
    });

    // when
    const errors = await Promise.all([rejectionOf(keys.assign('instance', 'i-1')), rejectionOf(keys.assign('job', 'j-1'))]);

    // then
    expect(errors.map((e) => (e as Error).message)).to.deep.equal(['disk full', 'disk full']);
    expect(keys.keyOf('instance', 'i-1')).to.equal(undefined);
  });
});
