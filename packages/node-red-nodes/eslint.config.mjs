import base, { functionsFitOnAScreen } from '../../eslint.config.mjs';

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'process', 'console', 'setTimeout', 'clearTimeout', '__dirname', 'URL'].map(
    (name) => [name, 'readonly'],
  ),
);

export default [
  ...base,
  { ignores: ['examples/**', 'src/icons/**'] },
  functionsFitOnAScreen(['src/**/*.ts']),
  {
    // Plain Node.js scripts: the build script and the Node-RED process the integration tests start.
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Node files take core from ../lib/index.js: the build bundles lib once and leaves it a require() of
    // every node file, while a value imported from core itself would bundle a second copy into that node.
    files: ['src/nodes/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@ecostruxure-connector/core',
              message: "Import it from '../lib/index.js' (re-export it there if needed): one copy of core.",
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
