/**
 * Core's warnings (numbers sent as text, points outside the window, paging that cannot tell whether more
 * data exist, values core does not know...) as n8n shows them. An action node adds each distinct warning
 * once, with how many times it came, as a hint above its output (and in the execution record), the way
 * n8n's own nodes report what they could not do cleanly; the items stay the API's data. A trigger has no
 * hints: it emits a warning as an item of its own, like a skipped site, once, not at every poll.
 */
import type { IDataObject, NodeExecutionHint } from 'n8n-workflow';

import { distinctWarnings } from './ecostruxure-core';
import type { CountedWarning, ShapeWarning } from './ecostruxure-core';

/** Hints are HTML in the editor: what the API sent is shown as text. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One hint per distinct warning, naming where it is and how many times it came. */
export function warningHints(warnings: Iterable<ShapeWarning>): NodeExecutionHint[] {
  return distinctWarnings(warnings).map((warning) => ({
    message: escapeHtml(
      `${warning.message} (at ${warning.path}${warning.count > 1 ? `; ${warning.count} times` : ''})`,
    ),
    type: 'warning',
    location: 'outputPane',
    // Several warnings fold into one line the user opens.
    group: { key: 'ecostruxure-warnings', summary: '{count} warnings about what the API sent' },
  }));
}

/** A trigger's warning as an item beside its events, shaped like its skipped-site items. */
export function warningItems(warnings: readonly CountedWarning[]): IDataObject[] {
  return warnings.map((warning) => ({
    type: 'warning',
    path: warning.path,
    message: warning.message,
    count: warning.count,
  }));
}
