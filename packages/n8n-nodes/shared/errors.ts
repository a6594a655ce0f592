/**
 * The one mapping from core's errors to n8n's: an API failure becomes a NodeApiError (message, description,
 * HTTP code), bad input a NodeOperationError naming the field. A refused credential always tells the user to
 * reconnect it, never shows a bare 401.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { EcoStruxureError } from './ecostruxure-core';

const CREDENTIAL_REFUSED = new Set(['AUTHENTICATION_FAILED', 'REAUTHORIZATION_REQUIRED']);

export const RECONNECT_MESSAGE =
  'EcoStruxure no longer accepts this access: reconnect the EcoStruxure credential';
const RECONNECT_DESCRIPTION =
  'The customer may have revoked consent, or the token or key expired or was replaced. Open the credential used by this node and click "Connect my account" again (OAuth2), or enter a new token, key or secret.';

export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex?: number,
): NodeApiError | NodeOperationError {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
  if (!(error instanceof EcoStruxureError)) {
    return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
  }
  const description = descriptionOf(error);
  if (error.code === 'VALIDATION_FAILED') {
    return new NodeOperationError(node, error.message, { description, itemIndex });
  }
  const details = detailsOf(error);
  if (CREDENTIAL_REFUSED.has(error.code)) {
    return new NodeApiError(node, details, {
      message: RECONNECT_MESSAGE,
      description: `${error.message} ${RECONNECT_DESCRIPTION}`,
      httpCode: '401',
      itemIndex,
    });
  }
  const status = (error as { status?: unknown }).status;
  return new NodeApiError(node, details, {
    message: error.message,
    description,
    ...(typeof status === 'number' ? { httpCode: String(status) } : {}),
    itemIndex,
  });
}

/**
 * Core's error as NodeApiError details. Its `code` (e.g. INVALID_RESPONSE) is renamed: NodeApiError would
 * otherwise take it for an HTTP status code.
 */
function detailsOf(error: EcoStruxureError): JsonObject {
  const { code, ...rest } = error.toJSON() as JsonObject;
  return { ...rest, errorCode: code ?? null };
}

/** What to do about it: core's own advice when it gives one, the request ID for support otherwise. */
function descriptionOf(error: EcoStruxureError): string | undefined {
  const advice = (error as { description?: unknown }).description;
  const parts = [typeof advice === 'string' ? advice : undefined];
  if (error.requestId) parts.push(`Request ID for Schneider Electric support: ${error.requestId}.`);
  const text = parts.filter(Boolean).join(' ');
  return text === '' ? undefined : text;
}

/** The error as a plain, secret-free object for an item when the node continues on failure. */
export function errorItemJson(error: unknown, mapped: NodeApiError | NodeOperationError): JsonObject {
  const details = error instanceof EcoStruxureError ? detailsOf(error) : {};
  return {
    ...details,
    message: mapped.message,
    description: mapped.description ?? null,
    httpCode: mapped instanceof NodeApiError ? (mapped.httpCode ?? null) : null,
  };
}
