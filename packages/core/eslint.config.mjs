import base, { functionsFitOnAScreen } from '../../eslint.config.mjs';

/**
 * Core's models use zod/mini through src/schema/zod.ts, which sets zod's English messages. Full zod would
 * put about 430 KB back into the bundles the n8n and Node-RED packages ship, and zod/mini imported
 * directly would miss the messages.
 */
const zodThroughSchemaModule = {
  files: ['src/**/*.ts'],
  ignores: ['src/schema/zod.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['zod', 'zod/*'],
            message:
              "Import zod as `import * as z from '../schema/zod.js'` (zod/mini with English messages): full zod is most of the n8n bundle.",
          },
        ],
      },
    ],
  },
};

/**
 * Core's layers, lowest first (docs/architecture.md draws them). Each folder may import only the folders
 * listed for it, so a wrong import fails the lint instead of tangling the layers again. Folders on one line
 * of the drawing (http and auth, the two API clients) do not import each other either. The entries
 * (index.ts, advanced.ts, node/index.ts) may import anything.
 */
const LAYERS = {
  errors: [],
  seams: ['errors'],
  schema: ['errors'],
  'endpoints.ts': ['seams', 'errors'],
  http: ['endpoints.ts', 'seams', 'schema', 'errors'],
  auth: ['endpoints.ts', 'seams', 'schema', 'errors'],
  node: ['seams', 'schema', 'errors'],
  'carbon-api': ['http', 'seams', 'schema', 'errors'],
  'energy-hub-api': ['http', 'seams', 'schema', 'errors'],
  client: ['carbon-api', 'energy-hub-api', 'http', 'auth', 'endpoints.ts', 'seams', 'schema', 'errors'],
  'operations/helpers': [
    'client',
    'carbon-api',
    'energy-hub-api',
    'http',
    'endpoints.ts',
    'seams',
    'schema',
    'errors',
  ],
  operations: [
    'operations/helpers',
    'client',
    'carbon-api',
    'energy-hub-api',
    'http',
    'endpoints.ts',
    'seams',
    'schema',
    'errors',
  ],
};
const ENTRIES = ['./src/index.ts', './src/advanced.ts', './src/node/index.ts'];

const layerZones = Object.entries(LAYERS).flatMap(([layer, allowed]) =>
  Object.keys(LAYERS)
    .filter((other) => other !== layer && !allowed.includes(other) && !other.startsWith(`${layer}/`))
    .map((other) => ({
      target: `./src/${layer}`,
      from: `./src/${other}`,
      // operations/ holds its helpers: the zone for operations must not forbid them to themselves.
      ...(layer.startsWith(`${other}/`) ? { except: [`./${layer.slice(other.length + 1)}`] } : {}),
      message: `${layer} may import only ${allowed.join(', ') || 'nothing else in core'} (see docs/architecture.md).`,
    })),
);

const layers = {
  files: ['src/**/*.ts'],
  ignores: ENTRIES.map((entry) => entry.slice(2)),
  rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
};

export default [...base, zodThroughSchemaModule, layers, functionsFitOnAScreen(['src/**/*.ts'])];
