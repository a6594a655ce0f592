/**
 * The one mapping from core's errors to n8n's: an API failure becomes a NodeApiError (message, description,
 * HTTP code), bad input a NodeOperationError naming the field. A refused credential always tells the user how
 * to reconnect it, never shows a bare 401.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import { EcoStruxureError } from './ecostruxure-core';

const CREDENTIAL_REFUSED = new Set(['AUTHENTICATION_FAILED', 'REAUTHORIZATION_REQUIRED']);

/**
 * A refused credential, in the words of n8n's credential screen: n8n still shows an OAuth2 credential as
 * "Account connected" after the customer revoked consent, so this error is where the user learns it is not,
 * and which button ("Switch account") connects it again.
 */
function refusedCredential(node: INode, action: string) {
  const name = credentialName(node);
  const named = name ? ` "${name}"` : ' of this node';
  return {
    message: `${action} failed: EcoStruxure refused the credential${named}`,
    description: `n8n may still show the account as connected, but EcoStruxure no longer accepts it (consent revoked, or tokens expired or replaced). Open the credential${named} and click "Switch account" to connect again; for a token, API key or client secret, enter the current value.`,
  };
}

/** The one credential the node uses (n8n keeps only the selected one on the node). */
function credentialName(node: INode): string | undefined {
  const used = Object.values(node.credentials ?? {});
  return used.length === 1 ? (used[0]?.name ?? undefined) : undefined;
}

/**
 * `action` is what the user ran, in the node's words ("Get emissions"); without it (triggers, the site
 * picker) the node's name stands in.
 */
export function toNodeError(
  node: INode,
  error: unknown,
  itemIndex?: number,
  action: string = node.name,
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
      ...refusedCredential(node, action),
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
