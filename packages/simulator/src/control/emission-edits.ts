/**
 * The control handle's and control API's side of emission edits: checks what a test asks for (a known
 * site, ISO instants, a positive scale) and records it, so a misused edit fails with a 400 naming the
 * field rather than silently changing nothing.
 */
import type { FastifyInstance } from 'fastify';
import type { CarbonApi } from '../context.js';
import type { Clock } from '../clock.js';
import type { InvalidParam } from '../problem.js';
import { objectBody, rejectUnknownFields, throwIfInvalid } from './validate.js';

export interface EmissionGapRecord {
  siteId: string;
  from: string;
  to: string;
}

export interface EmissionRevisionRecord {
  siteId: string;
  start: string;
  scale: number;
  /** The interval's new `updatedAt`. */
  updatedAt: string;
}

type JsonObject = Record<string, unknown>;

function instant(body: JsonObject, field: string, issues: InvalidParam[]): number {
  const value = body[field];
  const time = typeof value === 'string' && /\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    issues.push({ name: field, reason: 'must be an ISO 8601 date-time, e.g. 2025-03-01T00:00:00Z' });
  return time;
}

function knownSite(carbon: CarbonApi, body: JsonObject, issues: InvalidParam[]): string {
  const siteId = body.siteId;
  if (typeof siteId !== 'string' || !carbon.siteIds().includes(siteId))
    issues.push({ name: 'siteId', reason: 'must be the id of a simulated site, e.g. site-0001' });
  return String(siteId);
}

export function emissionEditControl(carbon: CarbonApi, clock: Clock) {
  return {
    removeEmissionIntervals(input: { siteId: string; from: string; to: string }): EmissionGapRecord {
      const body = objectBody(input);
      const issues = rejectUnknownFields(body, ['siteId', 'from', 'to']);
      const siteId = knownSite(carbon, body, issues);
      const from = instant(body, 'from', issues);
      const to = instant(body, 'to', issues);
      if (issues.length === 0 && to <= from) issues.push({ name: 'to', reason: 'must be after from' });
      throwIfInvalid(issues);
      carbon.edits.addGap({ siteId, from, to });
      return { siteId, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    },
    reviseEmissionInterval(input: { siteId: string; start: string; scale?: number }): EmissionRevisionRecord {
      const body = objectBody(input);
      const issues = rejectUnknownFields(body, ['siteId', 'start', 'scale']);
      const siteId = knownSite(carbon, body, issues);
      const start = instant(body, 'start', issues);
      const scale = body.scale ?? 1.1;
      if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale))
        issues.push({ name: 'scale', reason: 'must be a positive number, e.g. 1.1' });
      throwIfInvalid(issues);
      const revisedAt = clock.now();
      carbon.edits.revise({ siteId, start, scale: scale as number, revisedAt });
      const updatedAt = new Date(revisedAt).toISOString();
      return { siteId, start: new Date(start).toISOString(), scale: scale as number, updatedAt };
    },
    clearEmissionEdits: () => carbon.edits.clear(),
  };
}

type EditControl = ReturnType<typeof emissionEditControl>;

export function registerEmissionEditRoutes(app: FastifyInstance, base: string, control: EditControl): void {
  app.post(`${base}/emission-gaps`, async (request, reply) =>
    reply.code(201).send(control.removeEmissionIntervals(objectBody(request.body) as never)),
  );
  app.post(`${base}/emission-revisions`, async (request, reply) =>
    reply.code(201).send(control.reviseEmissionInterval(objectBody(request.body) as never)),
  );
  app.delete(`${base}/emission-edits`, async () => control.clearEmissionEdits());
}
