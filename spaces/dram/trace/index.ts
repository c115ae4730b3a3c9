/** Request streams for the DRAM controller: trace-file readers, writers and seeded generators. */
export { TraceChunk } from './chunk.js';
export { collectRequests, type CollectedTrace, type RequestSource } from './source.js';
export { TraceError, WorkloadError } from './errors.js';
export {
  TraceFileReader,
  detectTraceFormat,
  openRamulatorTrace,
  openStlTrace,
  openTrace,
  type TraceFormat,
  type TraceReaderOptions,
} from './file-reader.js';
export { writeRamulatorTrace, writeStlTrace, writeTrace, type TraceWriteResult } from './writers.js';
export {
  GeneratedSource,
  STUDY_REQUESTS,
  STUDY_SPAN_BYTES,
  STUDY_WORKLOADS,
  WORKLOAD_NAMES,
  createWorkload,
  type ResolvedWorkloadOptions,
  type WorkloadName,
  type WorkloadOptions,
} from './generators.js';
