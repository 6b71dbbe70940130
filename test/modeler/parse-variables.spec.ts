import { expect } from 'chai';
import { parseVariables } from '../../modeler/src/cockpit/client.js';

describe('modeler: variables typed as JSON (start instance, publish message, broadcast signal)', () => {
  it('should accept a JSON object, and an empty text as no variables', () => {
    expect(parseVariables('{ "total": 99, "items": [1, 2] }')).to.deep.equal({ value: { total: 99, items: [1, 2] } });
    expect(parseVariables('  ')).to.deep.equal({ value: {} });
  });

  it('should NOT accept malformed JSON, saying why', () => {
    const parsed = parseVariables('{ "total": 99');
    expect(parsed)
      .to.have.property('error')
      .that.matches(/^not valid JSON: /);
  });

  it('should NOT accept JSON that is not an object', () => {
    for (const text of ['[1]', '42', 'null', '"text"']) expect(parseVariables(text)).to.deep.equal({ error: 'must be a JSON object, e.g. {"total": 99}' });
  });
});
