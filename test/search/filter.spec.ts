import { expect } from 'chai';
import { InvalidArgumentError } from '../../engine/errors.js';
import { filterAttributes, parseFilter } from '../../engine/search/filter.js';
import { filterToSql } from '../../engine/search/sql.js';

/** The message of the InvalidArgumentError that parsing `input` raises. */
function refusal(input: unknown): string {
  try {
    parseFilter(input);
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidArgumentError);
    return (error as Error).message;
  }
  return expect.fail('expected the filter to be refused');
}

describe('search filter language', () => {
  describe('parsing', () => {
    it('should parse and/or trees of conditions into a typed tree', () => {
      // when
      const filter = parseFilter({ and: [{ total: { gt: 10 } }, { or: [{ 'customer.tier': { eq: 'gold' } }, { orderId: { prefix: 'A-' } }] }] });

      // then
      expect(filter).to.deep.equal({
        op: 'and',
        filters: [
          { op: 'gt', attribute: 'total', value: 10 },
          {
            op: 'or',
            filters: [
              { op: 'eq', attribute: 'customer.tier', value: 'gold' },
              { op: 'prefix', attribute: 'orderId', value: 'A-' },
            ],
          },
        ],
      });
    });

    it('should read a bare value as eq, and several attributes or operators as and', () => {
      expect(parseFilter({ orderId: 'A-1' })).to.deep.equal({ op: 'eq', attribute: 'orderId', value: 'A-1' });
      expect(parseFilter({ total: { gte: 1, lt: 9 }, express: true })).to.deep.equal({
        op: 'and',
        filters: [
          { op: 'gte', attribute: 'total', value: 1 },
          { op: 'lt', attribute: 'total', value: 9 },
          { op: 'eq', attribute: 'express', value: true },
        ],
      });
      expect(parseFilter({ total: { in: [1, 'two', false] } })).to.deep.equal({ op: 'in', attribute: 'total', values: [1, 'two', false] });
    });

    it('should list the attributes a filter names once each', () => {
      expect(filterAttributes(parseFilter({ or: [{ a: 1 }, { b: 2 }, { a: { gt: 3 } }] }))).to.deep.equal(['a', 'b']);
    });

    it('should refuse an unknown operator, naming the place and the operators there are', () => {
      expect(refusal({ and: [{ total: { gt: 1 } }, { total: { like: '%' } }] })).to.equal(
        "where.and[1].total.like: unknown operator 'like': use one of eq, ne, gt, gte, lt, lte, in, prefix",
      );
    });

    it('should refuse attribute names that are not variable names or dotted paths', () => {
      for (const name of ["total'; DROP TABLE instances; --", '1st', 'a..b', 'a b', '', 'x'.repeat(129)]) {
        expect(refusal({ [name]: 1 })).to.match(/is not an attribute name/);
      }
    });

    it('should refuse values that are not strings, numbers or booleans', () => {
      expect(refusal({ total: { eq: null } })).to.equal('where.total.eq: a value is a string, a number or a boolean, not null');
      expect(refusal({ total: { eq: { $gt: 1 } } })).to.equal('where.total.eq: a value is a string, a number or a boolean, not an object');
      expect(refusal({ total: { $where: 'sleep(1)' } })).to.match(/^where\.total\.\$where: unknown operator/);
      expect(refusal({ total: [1] })).to.equal('where.total.eq: a value is a string, a number or a boolean, not a list');
    });

    it('should refuse operands an operator cannot take', () => {
      expect(refusal({ orderId: { prefix: 1 } })).to.equal('where.orderId.prefix: "prefix" takes a string');
      expect(refusal({ express: { gt: true } })).to.equal('where.express.gt: "gt" takes a number or a string, not a boolean');
      expect(refusal({ total: { in: [] } })).to.equal('where.total.in: "in" takes a non-empty list of values');
      expect(refusal({ total: { in: 3 } })).to.equal('where.total.in: "in" takes a non-empty list of values');
    });

    it('should refuse what is not a filter object, and empty ones', () => {
      expect(refusal('total > 10')).to.match(/^where: a filter is a JSON object/);
      expect(refusal([])).to.match(/^where: a filter is a JSON object/);
      expect(refusal({})).to.match(/^where: an empty filter/);
      expect(refusal({ or: [] })).to.equal('where.or: "or" takes a non-empty list of filters');
      expect(refusal({ total: {} })).to.match(/^where.total: no operator/);
    });

    it('should refuse filters beyond the limits of depth, size and list length', () => {
      let deep: unknown = { a: 1 };
      for (let n = 0; n < 8; n++) deep = { and: [deep, { b: 1 }] };
      expect(refusal(deep)).to.match(/nest at most 8 deep/);
      expect(refusal({ or: Array.from({ length: 65 }, (_, n) => ({ a: n })) })).to.match(/at most 64 conditions/);
      expect(refusal({ a: { in: Array.from({ length: 101 }, (_, n) => n) } })).to.match(/at most 100 values/);
      expect(refusal({ a: 'x'.repeat(1025) })).to.match(/at most 1024 characters/);
    });
  });

  describe('as SQL', () => {
    it('should bind every attribute name and value as a parameter, never as SQL text', () => {
      // given
      const filter = parseFilter({ or: [{ orderId: { eq: "x' OR 1=1 --" } }, { 'customer.tier': { in: ['gold', 7] } }, { total: { ne: 3 } }] });

      // when
      const { sql, params } = filterToSql(filter);

      // then
      expect(sql).not.to.include('OR 1=1');
      expect(sql).not.to.include('gold');
      expect(sql).not.to.include('customer');
      expect(params).to.deep.equal(['orderId', "x' OR 1=1 --", 'customer.tier', '["gold"]', '[7]', 'total', 3]);
    });
  });
});
