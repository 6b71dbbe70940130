import { expect } from 'chai';
import { plainCopy } from '../../engine/store/plain-copy.js';

const throughJson = (value: unknown): unknown => {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
};

describe('plainCopy: the result of a JSON round trip, without the text', () => {
  const cases: Array<[string, unknown]> = [
    ['primitives', { s: 'text', n: 42, f: 1.5, t: true, nil: null }],
    ['numbers JSON cannot write', { nan: NaN, inf: Infinity, ninf: -Infinity, nzero: -0, list: [NaN, -0] }],
    ['undefined and functions', { u: undefined, fn: () => 1, list: [undefined, () => 1, Symbol('s'), 1] }],
    ['nesting', { a: { b: { c: [1, { d: [2, [3]] }] } } }],
    ['a Date and an object with toJSON', { at: new Date(0), custom: { toJSON: () => 'custom' } }],
    ['a class instance', { map: new Map([['k', 1]]), error: new Error('x') }],
    ['integer-like keys in JSON order', { b: 1, 2: 'two', a: 2, 1: 'one' }],
    ['a sparse array', [1, , 3]],
    ['a top-level Date', new Date(86_400_000)],
    ['a top-level undefined', undefined],
  ];
  for (const [name, value] of cases) {
    it(`should copy ${name} as JSON would`, () => {
      const copy = plainCopy(value);
      expect(copy).to.deep.equal(throughJson(value));
      expect(JSON.stringify(copy)).to.equal(JSON.stringify(throughJson(value)));
    });
  }

  it('should keep a __proto__ key as an own property and never change a prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": []}}') as Record<string, unknown>;
    const copy = plainCopy(hostile);
    expect(Object.keys(copy)).to.deep.equal(['__proto__', 'a']);
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).to.equal(undefined);
    expect(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value).to.deep.equal({ polluted: true });
    expect(JSON.stringify(copy)).to.equal(JSON.stringify(hostile));
  });

  it('should share no object with the original', () => {
    const original = { list: [{ x: 1 }], inner: { y: 2 } };
    const copy = plainCopy(original);
    copy.list[0].x = 9;
    copy.inner.y = 9;
    expect(original).to.deep.equal({ list: [{ x: 1 }], inner: { y: 2 } });
  });

  it('should refuse a bigint as JSON does', () => {
    expect(() => plainCopy({ big: 1n })).to.throw(TypeError);
  });
});
