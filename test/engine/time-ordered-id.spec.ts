import { expect } from 'chai';
import { timeOrderedId } from '../../engine/instances/time-ordered-id.js';

describe('timeOrderedId', () => {
  it('should be a version-7 UUID whose first 48 bits are the milliseconds', () => {
    const id = timeOrderedId(Date.UTC(2026, 11, 3));
    expect(id).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).to.equal(Date.UTC(2026, 11, 3));
  });

  it('should sort ids of later milliseconds after earlier ones, and keep ids of one millisecond apart', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => timeOrderedId(1_800_000_000_000 + Math.floor(i / 10)));
    expect(new Set(ids).size).to.equal(1000);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i] > ids[i - 1], `${ids[i]} after ${ids[i - 1]}`).to.equal(true);
  });
});
