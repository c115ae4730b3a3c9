/** Turns journal records (raw outcomes) into the scored evaluations agents and archives use. */
import type { Evaluation, EvaluationStatus } from '../agent/types.js';
import type { Scoring } from '../objective/objectives.js';
import type { Metrics } from '../objective/types.js';
import type { Point } from '../space/types.js';

export interface RecordLike {
  id: number;
  point: Point;
  status: EvaluationStatus;
  metrics: Metrics;
  error?: string;
}

/**
 * Scores an ok record; an ok record whose objective metric is missing or not finite becomes
 * failed with the reason, so it is reported rather than silently ranked.
 */
export function scoreRecord(record: RecordLike, scoring: Scoring): Evaluation {
  if (record.status !== 'ok') {
    return { id: record.id, point: record.point, status: record.status, metrics: record.metrics, error: record.error, objectives: null, violation: Infinity, feasible: false };
  }
  let objectives: number[];
  try {
    objectives = scoring.objectiveVector(record.metrics);
  } catch (error) {
    return { id: record.id, point: record.point, status: 'failed', metrics: record.metrics, error: (error as Error).message, objectives: null, violation: Infinity, feasible: false };
  }
  const violation = scoring.violation(record.metrics);
  return { id: record.id, point: record.point, status: 'ok', metrics: record.metrics, objectives, violation, feasible: violation === 0 };
}
