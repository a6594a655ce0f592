import base from '../../eslint.config.mjs';

const nodeGlobals = Object.fromEntries(
  ['require', 'module', 'process', 'console', 'setTimeout', 'clearTimeout', '__dirname', 'URL'].map(
    (name) => [name, 'readonly'],
  ),
);

export default [
  ...base,
  { ignores: ['examples/**', 'icons/**'] },
  {
    // Plain Node.js scripts: the build script and the Node-RED process the integration tests start.
    files: ['**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
];
