/**
 * What n8n says about an activated polling trigger, read from its debug log (JSON lines, each with the
 * workflow id), so that a test waits for the poll it means instead of sleeping:
 * - on activation n8n runs one poll, then registers the trigger's schedule ("Registered cron"), so that
 *   line means the activation poll has finished;
 * - each scheduled poll starts with "Poll trigger initiated". Polls of one trigger are a minute apart and
 *   take well under a second against the loopback simulator, so the start of a poll means the one before
 *   it has finished.
 */
import type { N8nProcess } from '@ecostruxure-connector/n8n-host';

/** Debug level and JSON log lines: what the functions below read. */
export const POLL_LOG_ENV = { N8N_LOG_LEVEL: 'debug', N8N_LOG_FORMAT: 'json' };

interface LogEntry {
  message?: string;
  metadata?: { workflowId?: string; groupId?: string };
}

function entryOf(line: string): LogEntry | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return undefined;
  }
}

const isPollStart = (entry: LogEntry | undefined, workflowId: string) =>
  entry?.metadata?.workflowId === workflowId && entry.message?.startsWith('Poll trigger initiated') === true;

const isScheduleRegistered = (entry: LogEntry | undefined, workflowId: string) =>
  entry?.metadata?.groupId === workflowId && entry.message === 'Registered cron';

/** Resolves once the workflow's activation poll has finished and its schedule is registered. */
export async function activationPollDone(n8n: N8nProcess, workflowId: string): Promise<void> {
  await n8n.waitForLine(
    (line) => isScheduleRegistered(entryOf(line), workflowId),
    `the schedule of workflow ${workflowId} to be registered`,
    60_000,
  );
}

/**
 * Resolves once `count` more polls of the workflow have started (with 2, the first of them has finished).
 * Start waiting before whatever the polls should see.
 */
export async function pollsStarted(n8n: N8nProcess, workflowId: string, count: number): Promise<void> {
  let seen = 0;
  await n8n.waitForLine(
    (line) => isPollStart(entryOf(line), workflowId) && ++seen === count,
    `${count} poll(s) of workflow ${workflowId}`,
    // Once a minute each, plus room for a slow machine.
    count * 60_000 + 60_000,
  );
}
