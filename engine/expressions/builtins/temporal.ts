/** Camunda's temporal functions that feelin lacks. */
import { FeelDate, FeelDateTime } from 'feelin';
import { builtin, type Builtins } from './define.js';

function lastDayOfMonth(value: unknown): FeelDate | null {
  const day = value instanceof FeelDate ? value.value : value instanceof FeelDateTime ? value.value.toPlainDate() : null;
  return day && new FeelDate(day.with({ day: day.daysInMonth }));
}

export const temporalBuiltins: Builtins = {
  'last day of month': builtin(['date'], lastDayOfMonth),
};
