/**
 * JSON bodies, parsed as Fastify does (prototype poisoning refused) after one linear scan of their
 * nesting: a body nested thousands of levels deep is refused with 400 before any route, credential check
 * or log copy walks it (it used to end in "Maximum call stack size exceeded", a 500).
 */
import type { FastifyInstance } from 'fastify';

/** No request of any API this simulator serves nests deeper; GraphQL variables included. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in a JSON text, stopping once it passes `limit`. */
export function jsonNestingDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth -= 1;
  }
  return deepest;
}

class TooDeep extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
}

export function registerJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestingDepth(body as string) > MAX_JSON_DEPTH) {
      done(
        new TooDeep(
          `The JSON body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep; send a flatter body.`,
        ),
        undefined,
      );
      return;
    }
    parse(request, body as string, done);
  });
}
