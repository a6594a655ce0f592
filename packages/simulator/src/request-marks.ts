/**
 * Per-request annotations passed between hooks of different modules. The request log creates the marks
 * when a request arrives and keeps a reference; fault injection writes the fault it applied into them.
 * Sharing one small object (instead of the log holding the request itself) lets the log learn about
 * faults such as `hang` or `reset` that end a request without any later hook running, while keeping
 * nothing of the request alive once it is finished.
 */
import type { FastifyRequest } from 'fastify';
import type { FaultKind } from './context.js';

export interface RequestMarks {
  /** The last fault applied to the request (a `delay` followed by another fault records the other). */
  fault?: FaultKind;
}

const marks = new WeakMap<FastifyRequest, RequestMarks>();

export function marksOf(request: FastifyRequest): RequestMarks {
  let found = marks.get(request);
  if (!found) {
    found = {};
    marks.set(request, found);
  }
  return found;
}
