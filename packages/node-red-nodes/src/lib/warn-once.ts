/**
 * A watching node's warnings (numbers sent as text, points outside the window, values core does not
 * know...): each said with node.warn, in the debug sidebar and the log, when a check gives it and the
 * previous check did not, so a warning that persists is said once, not at every check. The messages the
 * node sends carry no copy of them.
 */
import { freshWarnings, type ShapeWarning } from '@ecostruxure-connector/core';
import { sharedTranslator } from './messages.js';
import type { Node, NodeAPI } from './node-red.js';

export type WarnOnce = (warnings: readonly ShapeWarning[]) => void;

export function warnOnce(RED: NodeAPI, node: Node): WarnOnce {
  const text = sharedTranslator(RED);
  let said: string[] = [];
  return (warnings) => {
    const check = freshWarnings(warnings, said);
    said = check.said;
    for (const warning of check.fresh)
      node.warn(text('warn.warning', { message: warning.message, path: warning.path }));
  };
}
