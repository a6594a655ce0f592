/**
 * Relay connections (`edges { cursor node }`, `pageInfo { hasNextPage endCursor }`) read page after page
 * with `$first` and `$after`, with guards against servers that would otherwise be polled forever (a
 * repeated or missing cursor, an empty page that claims more follow).
 */
import { InvalidResponseError, ValidationError } from '../errors/errors.js';
import { formatIssuePath, parseResponse } from '../schema/parse-response.js';
import * as z from '../schema/zod.js';
import { analyzeDocument, type AnalyzedDocument } from './graphql.js';
import { connectionSchema } from './schemas.js';
import { checkVariables, type GraphQLSender } from './send.js';
import {
  CONNECTION_DEFAULT_PAGE_SIZE,
  CONNECTION_MAX_PAGE_SIZE,
  type ConnectionResult,
  type GraphQLVariables,
  type PaginateOptions,
} from './types.js';

export interface PreparedPagination {
  analyzed: AnalyzedDocument;
  document: string;
  variables: GraphQLVariables;
  connectionPath: readonly string[];
  pageSize: number;
  maxItems: number | undefined;
}

export interface ConnectionPage<TNode> {
  items: TNode[];
  totalCount: number | undefined;
  /** More items exist beyond what was yielded (the server has more, or maxItems cut the page). */
  more: boolean;
}

/** Checks a paginated request before anything is sent. */
export function preparePagination<TNode>(
  document: string,
  variables: GraphQLVariables | undefined,
  connectionPath: readonly string[],
  options: PaginateOptions<TNode>,
): PreparedPagination {
  const analyzed = analyzeDocument(document, options.operationName);
  checkVariables(variables);
  for (const name of ['first', 'after']) {
    if (!analyzed.variables.has(name)) {
      throw new ValidationError({
        field: 'query',
        message: `A paginated query must declare $first and $after and pass them to the connection (missing $${name}).`,
      });
    }
  }
  if (connectionPath.length === 0 || connectionPath.some((key) => typeof key !== 'string' || key === '')) {
    throw new ValidationError({
      field: 'connectionPath',
      message: 'The connection path must name the field holding the connection, e.g. ["alarms"].',
    });
  }
  const pageSize = options.pageSize ?? CONNECTION_DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > CONNECTION_MAX_PAGE_SIZE) {
    throw new ValidationError({
      field: 'pageSize',
      message: `"pageSize" must be a whole number from 1 to ${CONNECTION_MAX_PAGE_SIZE}; got ${String(pageSize)}.`,
    });
  }
  const { maxItems } = options;
  if (maxItems !== undefined && (!Number.isInteger(maxItems) || maxItems < 1)) {
    throw new ValidationError({
      field: 'maxItems',
      message: `"maxItems" must be a whole number of at least 1; got ${String(maxItems)}.`,
    });
  }
  return { analyzed, document, variables: variables ?? {}, connectionPath, pageSize, maxItems };
}

/** The pages of a prepared connection request, one request each. */
export async function* connectionPages<TNode>(
  sender: GraphQLSender,
  prepared: PreparedPagination,
  options: PaginateOptions<TNode>,
): AsyncGenerator<ConnectionPage<TNode>, void, undefined> {
  const { analyzed, connectionPath, pageSize, maxItems } = prepared;
  const pathText = connectionPath.join('.');
  const request = sender.label;
  const seenCursors = new Set<string>();
  let after = typeof prepared.variables.after === 'string' ? prepared.variables.after : undefined;
  let yielded = 0;
  for (;;) {
    const first = maxItems === undefined ? pageSize : Math.min(pageSize, maxItems - yielded);
    const data = await sender.send(
      analyzed,
      prepared.document,
      { ...prepared.variables, first, after: after ?? null },
      options.signal,
    );
    const found = valueAt(data, connectionPath);
    options.tolerate?.(found, pathText);
    const connection = parseResponse(connectionSchema, found, {
      request: `${request} (${pathText})`,
    });
    const items: TNode[] = connection.edges.map((edge, index) =>
      options.node === undefined
        ? (edge.node as TNode)
        : parseNode(options.node, edge.node, `${pathText}.edges[${index}].node`),
    );
    const { hasNextPage, endCursor } = connection.pageInfo;
    const kept = maxItems === undefined ? items : items.slice(0, maxItems - yielded);
    yielded += kept.length;
    const reachedMax = maxItems !== undefined && yielded >= maxItems;
    yield { items: kept, totalCount: connection.totalCount, more: hasNextPage || kept.length < items.length };
    if (!hasNextPage || reachedMax) return;
    const next = nextCursor({
      request,
      pathText,
      endCursor,
      after,
      seenCursors,
      pageItems: items.length,
      yielded,
    });
    seenCursors.add(next);
    after = next;
  }
}

/**
 * The cursor to ask for the next page with. Refuses when the server said more follow but gave no way
 * forward: no cursor, a cursor seen before (an endless loop), or an empty page.
 */
function nextCursor(page: {
  request: string;
  pathText: string;
  endCursor: string | null | undefined;
  after: string | undefined;
  seenCursors: ReadonlySet<string>;
  pageItems: number;
  yielded: number;
}): string {
  const { request, pathText, endCursor, after, seenCursors, yielded } = page;
  const read = `${yielded} items read so far`;
  if (endCursor === undefined || endCursor === null || endCursor === '') {
    throw new InvalidResponseError({
      ...{ request },
      message: `Energy Hub said more ${pathText} follow but sent no endCursor to continue from (${read}). Try again; if it persists, set maxItems to read what arrives first, and report it to Schneider Electric support.`,
      status: undefined,
    });
  }
  if (seenCursors.has(endCursor) || endCursor === after) {
    throw new InvalidResponseError({
      ...{ request },
      message: `Energy Hub returned the cursor "${endCursor}" for ${pathText} twice; stopping to avoid an endless loop (${read}). Try again; if it persists, set maxItems to read what arrives first, and report it to Schneider Electric support.`,
      status: undefined,
    });
  }
  if (page.pageItems === 0) {
    throw new InvalidResponseError({
      ...{ request },
      message: `Energy Hub sent an empty page of ${pathText} but said more follow; stopping (${read}). Try again; if it persists, report it to Schneider Electric support.`,
      status: undefined,
    });
  }
  return endCursor;
}

/** Every page collected into one list. */
export async function collectConnection<TNode>(
  sender: GraphQLSender,
  prepared: PreparedPagination,
  options: PaginateOptions<TNode>,
): Promise<ConnectionResult<TNode>> {
  const items: TNode[] = [];
  let totalCount: number | undefined;
  let truncated = false;
  for await (const page of connectionPages(sender, prepared, options)) {
    items.push(...page.items);
    totalCount ??= page.totalCount;
    truncated = page.more && prepared.maxItems !== undefined && items.length >= prepared.maxItems;
  }
  return { items, totalCount, truncated };
}

/** The value at a path of field names, or undefined where the path runs out. */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let current: unknown = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function parseNode<TNode>(schema: z.Schema<TNode>, node: unknown, where: string): TNode {
  const result = z.safeParse(schema, node);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? `${where}.${formatIssuePath(issue.path)}`.replace(/\.\(root\)$/, '') : where;
  throw new InvalidResponseError({
    message: `Energy Hub sent an item that does not have the expected shape: ${field}: ${issue?.message ?? 'invalid'}. Check that the GraphQL URL points at the Energy Hub API this connector supports, and that the query selects the fields the item needs.`,
  });
}
