import base from '../../eslint.config.mjs';

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

export default [...base, zodThroughSchemaModule];
