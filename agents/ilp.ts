/**
 * The exact agent: for environments that expose a linear formulation of their model, it traces
 * the true Pareto front of two objectives by the epsilon-constraint method and asks for exactly
 * the front's designs, so black-box agents can be measured against it at equal budgets.
 *
 * Each front point costs two solves (lexicographic, so no weakly dominated point is returned):
 *   1. minimize f2 subject to f1 <= bound;                  -> v2 (infeasible: the front is done)
 *   2. minimize f1 subject to f2 <= v2 and f1 <= bound;     -> the point, at f1 = v1
 * then bound = v1 - resolution(f1). The front is walked from the best f2 towards the best f1.
 */
import type { Agent, AgentContext, AgentFactory, AgentObjective } from '../src/agent/types.js';
import type { LinearExpression, LinearFormulation, LinearInstance } from '../src/environment/types.js';
import { solve, type SolveResult } from '../src/ilp/index.js';
import type { Point } from '../src/space/types.js';

interface EpsilonState {
  /** Upper bound on the first objective (minimization form) for the next point; null before the first. */
  bound: number | null;
  done: boolean;
  /** False once any solve stopped at its time limit: the points are then not proven optimal. */
  exact: boolean;
  found: number;
  note: string;
}

/** The expression to minimize for an objective (a `max` objective is negated). */
function minimized(instance: LinearInstance, objective: AgentObjective): LinearExpression {
  const expression = instance.objectives[objective.metric];
  if (!expression) throw new Error(`agent ilp: the formulation has no linear expression for objective ${objective.metric}`);
  if (objective.direction === 'min') return expression;
  return { terms: expression.terms.map(([c, v]) => [-c, v] as const), constant: -expression.constant };
}

export class EpsilonConstraintAgent implements Agent {
  private state: EpsilonState = { bound: null, done: false, exact: true, found: 0, note: '' };

  constructor(
    private readonly formulation: LinearFormulation,
    private readonly objectives: readonly [AgentObjective, AgentObjective],
  ) {}

  async ask(n: number): Promise<Point[]> {
    const points: Point[] = [];
    while (points.length < n && !this.state.done) {
      const point = await this.nextFrontPoint();
      if (point) points.push(point);
    }
    return points;
  }

  tell(): void {
    // The front comes from the formulation; evaluations only confirm it.
  }

  snapshot(): EpsilonState {
    return { ...this.state };
  }

  restore(state: unknown): void {
    this.state = { ...(state as EpsilonState) };
  }

  runInfo(): Record<string, string | number | boolean> {
    return { frontPoints: this.state.found, exact: this.state.exact, formulation: this.formulation.description, ...(this.state.note ? { note: this.state.note } : {}) };
  }

  /** Solves with the first objective bounded; `extra` adds the second objective's bound. */
  private async solveBounded(minimize: 0 | 1, secondAtMost?: number): Promise<{ result: SolveResult; instance: LinearInstance }> {
    const instance = this.formulation.build();
    const [first, second] = this.objectives.map((o) => minimized(instance, o));
    const [res1, res2] = this.objectives.map((o) => this.formulation.resolution[o.metric] ?? 0);
    if (this.state.bound !== null) instance.model.constrain('epsilon_first', first!.terms, '<=', this.state.bound - first!.constant + 0.5 * res1!);
    if (secondAtMost !== undefined) instance.model.constrain('epsilon_second', second!.terms, '<=', secondAtMost - second!.constant + 0.5 * res2!);
    const goal = minimize === 0 ? first! : second!;
    instance.model.minimize(goal.terms, goal.constant);
    return { result: await solve(instance.model, this.formulation.solver), instance };
  }

  private finish(note: string): undefined {
    this.state.done = true;
    this.state.note = note;
    return undefined;
  }

  private async nextFrontPoint(): Promise<Point | undefined> {
    const best = await this.solveBounded(1);
    if (best.result.status === 'infeasible') return this.finish('');
    if (best.result.objective === undefined) return this.finish(`stopped: ${best.result.message}`);
    if (best.result.status !== 'optimal') this.state.exact = false;
    const lexicographic = await this.solveBounded(0, best.result.objective);
    if (lexicographic.result.objective === undefined || !lexicographic.result.values) return this.finish(`stopped: ${lexicographic.result.message}`);
    if (lexicographic.result.status !== 'optimal') this.state.exact = false;
    const resolution = this.formulation.resolution[this.objectives[0].metric] ?? 0;
    this.state.bound = lexicographic.result.objective - Math.max(resolution, 1e-9);
    this.state.found++;
    return lexicographic.instance.decode(lexicographic.result.values);
  }
}

export const ilpAgent: AgentFactory = {
  name: 'ilp',
  description:
    'Exact Pareto front of two objectives by the epsilon-constraint method, for environments with a linear formulation (scratchpad); asks for exactly the front designs and stops.',
  options: [],
  create(context: AgentContext): Agent {
    const formulation = context.linearFormulation?.();
    if (!formulation) throw new Error('agent ilp needs an environment with a linear formulation of its model (e.g. scratchpad); this one has none');
    if (context.objectives.length !== 2) throw new Error(`agent ilp traces two-objective fronts; the run has ${context.objectives.length} objectives`);
    for (const objective of context.objectives) {
      if (!(objective.metric in formulation.resolution)) {
        throw new Error(`agent ilp: objective ${objective.metric} is not linear in the formulation; linear metrics: ${Object.keys(formulation.resolution).join(', ')}`);
      }
    }
    return new EpsilonConstraintAgent(formulation, [context.objectives[0]!, context.objectives[1]!]);
  },
};
