/** Bad trace input or a bad workload knob. */

/** Bad trace input; `line` is 1-based, absent when the problem concerns the whole file. */
export class TraceError extends Error {
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly file: string,
    readonly line?: number,
  ) {
    super(`${file}${line === undefined ? '' : ` line ${line}`}: ${reason}`);
    this.name = 'TraceError';
  }
}

/** An unknown workload name or an out-of-range generator option. */
export class WorkloadError extends Error {
  constructor(
    readonly workload: string,
    /** The option at fault, when there is one. */
    readonly option: string | undefined,
    reason: string,
  ) {
    super(`workload "${workload}"${option === undefined ? '' : `, option ${option}`}: ${reason}`);
    this.name = 'WorkloadError';
  }
}
