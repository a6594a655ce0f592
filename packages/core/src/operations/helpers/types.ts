/** What every operation takes and gives: plain JSON, so a node can pass it on as it is. */
import type { ProgressEvent } from '../../http/types.js';
import type { ShapeWarning } from '../../schema/parse-response.js';

export type JsonObject = Record<string, unknown>;

export interface OperationContext {
  /** Cancels the work in flight (Node-RED's close, an n8n execution being stopped). */
  signal?: AbortSignal | undefined;
  /** Called as sites or pages complete, for progress in a node's status. */
  onProgress?: ((event: ProgressEvent) => void) | undefined;
}

export interface OperationResult<T = JsonObject> {
  items: T[];
  /** What the API sent that did not fit the expected shape (raw output), and other notes worth showing. */
  warnings: ShapeWarning[];
}

/** Outputs every read operation offers: checked and tidied, or the API's JSON untouched. */
export type ReadOutput = 'parsed' | 'raw';
