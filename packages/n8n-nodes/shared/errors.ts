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
  'EcoStruxure refused the credential: reconnect the EcoStruxure credential, or check its values';
const RECONNECT_ADVICE =
  'If the customer revoked consent or the token, key or secret expired or was replaced, open the credential used by this node and click "Connect my account" again (OAuth2), or enter the new value.';

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
      description: [error.message, error.description, RECONNECT_ADVICE].join(' '),
      httpCode: '401',
      itemIndex,
    });
  }
  return new NodeApiError(node, details, {
    message: error.message,
    description,
    ...(error.httpCode === undefined ? {} : { httpCode: String(error.httpCode) }),
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

/** What to do about it (core's advice), with the request ID for Schneider Electric support when there is one. */
function descriptionOf(error: EcoStruxureError): string {
  return error.requestId
    ? `${error.description} Request ID for Schneider Electric support: ${error.requestId}.`
    : error.description;
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
