/** Story 3: the Energy Hub alarms active right now, most urgent first, from the flow "3. Active Energy Hub alarms". */
import { STORY_PATHS } from '../flows/stories.js';
import { runFlow } from '../node-red/run-flow.js';
import { renderTable } from '../output/table.js';

interface AlarmItem {
  priority: string;
  startTime: string;
  category: string;
  type: string;
  source: string;
  acknowledged: boolean;
  thing?: { name?: string } | null;
}

export interface AlarmsStoryResult {
  alarms: AlarmItem[];
  report: string;
}

/** Enough to read on one screen; the count line says how many there are in all. */
const SHOWN_ALARMS = 20;

const PRIORITY_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };

export async function activeAlarms(nodeRedUrl: string): Promise<AlarmsStoryResult> {
  const items = await runFlow<AlarmItem[]>(nodeRedUrl, STORY_PATHS.alarms);
  const alarms = items.sort(
    (a, b) =>
      (PRIORITY_ORDER[a.priority] ?? 9) - (PRIORITY_ORDER[b.priority] ?? 9) ||
      b.startTime.localeCompare(a.startTime),
  );
  const report = [
    `3. Active Energy Hub alarms: ${alarms.length}`,
    alarms.length > 0
      ? renderTable(
          ['priority', 'started', 'category', 'type', 'where', 'source', 'ack'],
          alarms
            .slice(0, SHOWN_ALARMS)
            .map((alarm) => [
              alarm.priority,
              alarm.startTime,
              alarm.category,
              alarm.type,
              alarm.thing?.name ?? '',
              alarm.source,
              alarm.acknowledged ? 'yes' : 'no',
            ]),
        )
      : '(none)',
    ...(alarms.length > SHOWN_ALARMS ? [`... and ${alarms.length - SHOWN_ALARMS} more`] : []),
  ].join('\n');
  return { alarms, report };
}
