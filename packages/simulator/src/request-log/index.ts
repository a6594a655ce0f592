/**
 * The request log: what clients sent and what they got back, so tests can assert on retries, headers and
 * bodies. Credentials are redacted before anything is stored (see redact.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { LoggedRequest, RequestLog, SimulatorContext } from '../context.js';
import { DEFAULT_REQUEST_LOG_CAPACITY } from '../options.js';
import { isControlPath, pathOf } from '../control/paths.js';
import { marksOf, type RequestMarks } from '../request-marks.js';
import { redactBody, redactHeaders, redactUrl } from './redact.js';
import { RingBuffer } from './ring.js';

export { DEFAULT_REQUEST_LOG_CAPACITY as DEFAULT_LOG_CAPACITY } from '../options.js';

interface Slot {
  entry: LoggedRequest;
  path: string;
  /** Shared with fault injection, which runs after the entry is created. */
  marks: RequestMarks;
  bodyCaptured: boolean;
}

export interface RequestLogOptions {
  /** How many of the most recent requests are kept. */
  capacity?: number;
}

/**
 * Only structured bodies are kept: form and JSON bodies arrive parsed as objects, arrays or primitives.
 * Raw strings and buffers (text/plain, unknown types) are left out since their secrets cannot be found.
 */
const isStructuredBody = (body: unknown): boolean =>
  body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body);

export function createRequestLog(ctx: SimulatorContext, options: RequestLogOptions = {}): RequestLog {
  const ring = new RingBuffer<Slot>(options.capacity ?? DEFAULT_REQUEST_LOG_CAPACITY);
  const slots = new WeakMap<FastifyRequest, Slot>();

  /** The body is parsed only after onRequest, so it is captured by a later hook, once. */
  const captureBody = (request: FastifyRequest): void => {
    const slot = slots.get(request);
    if (!slot || slot.bodyCaptured) return;
    slot.bodyCaptured = true;
    if (isStructuredBody(request.body)) slot.entry.body = redactBody(request.body);
  };

  return {
    register(app: FastifyInstance) {
      app.addHook('onRequest', async (request) => {
        const path = pathOf(request.url);
        if (isControlPath(path)) return;
        const slot: Slot = {
          entry: {
            id: request.id,
            at: ctx.clock.nowDate().toISOString(),
            method: request.method,
            url: redactUrl(request.url),
            headers: redactHeaders(request.headers),
          },
          path,
          marks: marksOf(request),
          bodyCaptured: false,
        };
        slots.set(request, slot);
        ring.push(slot);
      });
      app.addHook('preHandler', async (request) => {
        captureBody(request);
      });
      app.addHook('onResponse', async (request, reply) => {
        // Also reached when a hook answered early (no preHandler ran) or the body failed to parse.
        captureBody(request);
        const slot = slots.get(request);
        if (slot) slot.entry.status = reply.statusCode;
      });
    },

    entries(filter = {}) {
      const { pathPrefix } = filter;
      return ring
        .toArray()
        .filter((slot) => pathPrefix === undefined || slot.path.startsWith(pathPrefix))
        .map((slot): LoggedRequest => {
          // Copies, so callers cannot change the log by editing what they were given.
          const copy: LoggedRequest = structuredClone(slot.entry);
          if (slot.marks.fault) copy.fault = slot.marks.fault;
          return copy;
        });
    },

    clear() {
      ring.clear();
    },
  };
}
