/**
 * A decision.evaluated history event, readable: the decision version, then
 * each decision evaluated (required ones first) with the rules that matched
 * (number and outputs) and its result.
 */
import { h } from '../ui.js';
import type { HistoryEvent } from './client.js';

const MAX_TEXT = 200;

export function decisionDetails(event: HistoryEvent): HTMLElement | '' {
  const record = event.decision;
  if (!record) return '';
  return h(
    'details',
    { class: 'decision-event', 'data-decision': record.decisionId },
    h('summary', {}, `${record.decisionId} v${record.version}`),
    h(
      'ul',
      {},
      ...record.evaluated.map((decision) =>
        h(
          'li',
          { 'data-decision-id': decision.decisionId },
          h('strong', {}, decision.decisionName ?? decision.decisionId),
          ` → ${text(decision.output)}`,
          decision.matchedRules?.length
            ? h(
                'ul',
                { class: 'matched-rules' },
                ...decision.matchedRules.map((rule) => h('li', {}, `rule #${rule.ruleIndex} (${rule.ruleId}): ${text(rule.outputs)}`)),
              )
            : decision.decisionType === 'decisionTable'
              ? h('div', { class: 'matched-rules' }, 'no rule matched')
              : '',
        ),
      ),
    ),
  );
}

function text(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.length > MAX_TEXT ? `${json.slice(0, MAX_TEXT)}…` : json;
}
