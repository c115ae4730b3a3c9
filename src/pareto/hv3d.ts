/**
 * Three-objective hypervolume in O(n log n): the sweep of Beume, Fonseca, Lopez-Ibanez, Paquete and
 * Vahrenhold (2009), "On the complexity of computing the hypervolume indicator", IEEE TEC 13(5), also
 * known as HV3D.
 *
 * Points are visited in ascending order of the third objective. Between two consecutive third-objective
 * values the dominated region's cross-section is the area dominated by the points seen so far, projected
 * onto the first two objectives: a staircase of mutually non-dominated (x, y) points. Each new point
 * either is dominated in the projection (the area does not change) or enters the staircase, removing
 * the points it dominates there; the area it adds is computed from its staircase neighbours alone. Each
 * point enters and leaves at most once, and the staircase lives in a balanced search tree (a treap)
 * keyed by x, so the whole sweep costs O(n log n).
 *
 * Trusts its input: every point strictly better than the reference in all three objectives, no NaN.
 */

const NIL = -1;

/**
 * A 2-D staircase (x ascending, y strictly descending, no point dominating another) stored in a treap
 * (Seidel and Aragon 1996, "Randomized search trees"): a binary search tree on x that is a heap on
 * random priorities, hence of expected logarithmic depth. Nodes live in typed arrays indexed by
 * insertion number; removed nodes are simply unlinked.
 */
class Staircase {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly priorities: Uint32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private nodeCount = 0;
  private root = NIL;
  private randomState = 0x2545f491;
  // Results of split(), kept in fields to avoid allocating a pair per call.
  private splitLess = NIL;
  private splitAtLeast = NIL;

  constructor(
    capacity: number,
    private readonly refX: number,
    private readonly refY: number,
  ) {
    this.xs = new Float64Array(capacity);
    this.ys = new Float64Array(capacity);
    this.priorities = new Uint32Array(capacity);
    this.left = new Int32Array(capacity);
    this.right = new Int32Array(capacity);
  }

  /**
   * Adds (x, y) to the staircase unless a staircase point weakly dominates it, removes the points it
   * dominates, and returns the area (bounded by the reference) that the staircase gained.
   */
  insert(x: number, y: number): number {
    this.split(this.root, x);
    const less = this.splitLess; // x' < x: y' > y unless one of them dominates (x, y)
    let atLeast = this.splitAtLeast; // x' >= x

    const leftNeighbour = less === NIL ? NIL : this.maxNode(less);
    const firstAtLeast = atLeast === NIL ? NIL : this.minNode(atLeast);
    const dominatedByLeft = leftNeighbour !== NIL && this.ys[leftNeighbour] <= y;
    const dominatedBySameX = firstAtLeast !== NIL && this.xs[firstAtLeast] === x && this.ys[firstAtLeast] <= y;
    if (dominatedByLeft || dominatedBySameX) {
      this.root = this.merge(less, atLeast);
      return 0;
    }

    // Walk right from x over the points the new one dominates (y' >= y), adding the strip between
    // consecutive staircase x values from y up to the staircase's current height there.
    let gained = 0;
    let stripStart = x;
    let stripTop = leftNeighbour === NIL ? this.refY : this.ys[leftNeighbour];
    while (atLeast !== NIL) {
      const next = this.minNode(atLeast);
      if (this.ys[next] < y) break;
      gained += (this.xs[next] - stripStart) * (stripTop - y);
      stripStart = this.xs[next];
      stripTop = this.ys[next];
      atLeast = this.removeMin(atLeast);
    }
    const stripEnd = atLeast === NIL ? this.refX : this.xs[this.minNode(atLeast)];
    gained += (stripEnd - stripStart) * (stripTop - y);

    this.root = this.merge(this.merge(less, this.newNode(x, y)), atLeast);
    return gained;
  }

  private newNode(x: number, y: number): number {
    const node = this.nodeCount++;
    this.xs[node] = x;
    this.ys[node] = y;
    this.priorities[node] = this.nextPriority();
    this.left[node] = NIL;
    this.right[node] = NIL;
    return node;
  }

  /** xorshift32: priorities only need to look random, and a fixed seed keeps runs reproducible. */
  private nextPriority(): number {
    let s = this.randomState;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.randomState = s >>> 0;
    return this.randomState;
  }

  /** Splits `tree` into nodes with x < key (splitLess) and x >= key (splitAtLeast). */
  private split(tree: number, key: number): void {
    if (tree === NIL) {
      this.splitLess = NIL;
      this.splitAtLeast = NIL;
      return;
    }
    if (this.xs[tree] < key) {
      this.split(this.right[tree], key);
      this.right[tree] = this.splitLess;
      this.splitLess = tree;
    } else {
      this.split(this.left[tree], key);
      this.left[tree] = this.splitAtLeast;
      this.splitAtLeast = tree;
    }
  }

  /** Joins two treaps where every x in `low` is below every x in `high`. */
  private merge(low: number, high: number): number {
    if (low === NIL) return high;
    if (high === NIL) return low;
    if (this.priorities[low] > this.priorities[high]) {
      this.right[low] = this.merge(this.right[low], high);
      return low;
    }
    this.left[high] = this.merge(low, this.left[high]);
    return high;
  }

  private minNode(tree: number): number {
    let node = tree;
    while (this.left[node] !== NIL) node = this.left[node];
    return node;
  }

  private maxNode(tree: number): number {
    let node = tree;
    while (this.right[node] !== NIL) node = this.right[node];
    return node;
  }

  /** Unlinks the leftmost node; its right subtree takes its place, which keeps the heap order. */
  private removeMin(tree: number): number {
    if (this.left[tree] === NIL) return this.right[tree];
    let parent = tree;
    let node = this.left[tree];
    while (this.left[node] !== NIL) {
      parent = node;
      node = this.left[node];
    }
    this.left[parent] = this.right[node];
    return tree;
  }
}

/** Volume dominated by `points` (coordinates 0..2 are used) and bounded by `ref`. */
export function sweepHypervolume3d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  if (points.length === 0) return 0;
  const sorted = points.slice().sort((a, b) => a[2] - b[2]);
  const staircase = new Staircase(sorted.length, ref[0], ref[1]);
  let volume = 0;
  let area = 0;
  let sliceBottom = sorted[0][2];
  for (const point of sorted) {
    volume += area * (point[2] - sliceBottom);
    sliceBottom = point[2];
    area += staircase.insert(point[0], point[1]);
  }
  return volume + area * (ref[2] - sliceBottom);
}
