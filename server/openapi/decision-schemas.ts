/** The schemas of decisions (DMN): versions, direct evaluation, and what history records of an evaluation. */
import { closed, ref, type Schema } from './build.js';

const string: Schema = { type: 'string' };
const version: Schema = { type: 'integer', minimum: 1 };

export const decisionSchemas: Record<string, Schema> = {
  Decision: closed(['key', 'decisionId', 'version', 'requirementsId', 'resourceName', 'deployedAt', 'latest'], {
    key: { type: 'string', description: '`<decisionId>:<version>`.' },
    decisionId: string,
    version,
    name: string,
    requirementsId: { type: 'string', description: 'The `<definitions>` id of the `.dmn` file (its decision requirements graph).' },
    resourceName: { type: 'string', description: 'The file it came from.' },
    deployedAt: { type: 'string', format: 'date-time' },
    deployedBy: string,
    latest: { type: 'boolean', description: 'The highest version of the decision: what business rule tasks with the latest binding evaluate.' },
  }),
  DecisionList: closed(['items'], { items: { type: 'array', description: 'By decision id and version.', items: ref('Decision') } }),
  DeployedDecision: closed(['decisionId', 'version', 'key', 'requirementsId', 'created', 'resourceName'], {
    decisionId: string,
    name: string,
    version,
    key: { type: 'string', description: '`<decisionId>:<version>`.' },
    requirementsId: string,
    created: { type: 'boolean', description: 'False when the file was the latest version already and that version was returned.' },
    resourceName: string,
  }),
  DecisionEvaluationRequest: {
    type: 'object',
    additionalProperties: false,
    properties: {
      variables: ref('Variables'),
      version: { ...version, description: 'This version instead of the latest.' },
    },
  },
  EvaluatedDecision: closed(['decisionId', 'decisionType', 'output'], {
    decisionId: string,
    decisionName: string,
    decisionType: { enum: ['decisionTable', 'literalExpression'] },
    matchedRules: {
      type: 'array',
      description: 'A decision table: the rules whose outputs made the result, in the order the hit policy gave them.',
      items: closed(['ruleId', 'ruleIndex', 'outputs'], {
        ruleId: string,
        ruleIndex: { type: 'integer', minimum: 1, description: 'Counted from 1.' },
        outputs: { type: 'object', additionalProperties: true, description: 'Output name -> value.' },
      }),
    },
    output: { description: 'The result: a value, a context (several outputs), a list (multi-hit) or null.' },
  }),
  DecisionResult: closed(['decisionId', 'decisionKey', 'version', 'output', 'evaluated'], {
    decisionId: string,
    decisionKey: string,
    version,
    output: { description: "The decision's result." },
    evaluated: { type: 'array', description: 'The decision and those it requires, in the order they were evaluated.', items: ref('EvaluatedDecision') },
  }),
  EvaluatedDecisionRecord: closed(['decisionKey', 'decisionId', 'version', 'evaluated'], {
    decisionKey: string,
    decisionId: string,
    version,
    evaluated: { type: 'array', items: ref('EvaluatedDecision') },
  }),
};
