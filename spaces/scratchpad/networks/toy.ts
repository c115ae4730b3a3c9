/**
 * COSMA's toy example: four operators and four activations, two of them (t11, t12) ten times
 * larger than the others. In the declared order t10 stays on chip while t11 and t12 are both live
 * (210 B at op2); running op0 after op2 lowers the peak to 200 B, so the schedule matters even here.
 */
import type { GraphSpec } from '../types.js';

export function toy(): GraphSpec {
  return {
    name: 'toy',
    title: 'COSMA toy graph (4 operators, 4 tensors)',
    source: 'COSMA toy example: op0 -> t10; op1 -> t11; op2: t11 -> t12; op3: (t10, t12) -> t13',
    tensors: [
      { name: 't10', sizeBytes: 10, kind: 'activation' },
      { name: 't11', sizeBytes: 100, kind: 'activation' },
      { name: 't12', sizeBytes: 100, kind: 'activation' },
      { name: 't13', sizeBytes: 10, kind: 'activation' },
    ],
    operators: [
      { name: 'op0', type: 'op', inputs: [], outputs: ['t10'] },
      { name: 'op1', type: 'op', inputs: [], outputs: ['t11'] },
      { name: 'op2', type: 'op', inputs: ['t11'], outputs: ['t12'] },
      { name: 'op3', type: 'op', inputs: ['t10', 't12'], outputs: ['t13'] },
    ],
  };
}
