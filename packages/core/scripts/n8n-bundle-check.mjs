/**
 * Finds in a bundled `.js` file what n8n refuses in community nodes: the globals its scanner restricts
 * (`process`, `globalThis`, timers, `Buffer`, `fetch`, ...), `require()` of anything but the packages n8n
 * provides and the `crypto` built-in, and dynamic `import()`. It reads the syntax tree with scope analysis,
 * as ESLint's `no-restricted-globals` does: only references to the real globals count, never a string, a
 * property name (`options.process`) or a local variable that happens to share the name.
 */
import { parse } from 'acorn';
import { simple } from 'acorn-walk';
import { analyze } from 'eslint-scope';

/** n8n's restricted globals, plus the Node APIs its review rejects (HTTP goes through n8n's helpers). */
export const N8N_RESTRICTED_GLOBALS = [
  'process',
  'global',
  'globalThis',
  'setTimeout',
  'setInterval',
  'setImmediate',
  'clearTimeout',
  'clearInterval',
  'clearImmediate',
  '__dirname',
  '__filename',
  'Buffer',
  'fetch',
];

/** What a community node may `require()` at run time. */
export const N8N_ALLOWED_MODULES = ['n8n-workflow', 'lodash', 'moment', 'p-limit', 'luxon', 'zod', 'crypto'];

const restricted = new Set(N8N_RESTRICTED_GLOBALS);

/** The package a module specifier names (`lodash/get` -> `lodash`, `node:crypto` -> `crypto`). */
function packageOf(specifier) {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  const parts = bare.split('/');
  return bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * @param {string} code A CommonJS bundle.
 * @param {{ allowedModules?: readonly string[] }} [options] What `require()` may load; default n8n's list.
 *   A bundle that must carry a package inside (core's zod 4, not n8n's zod 3) passes a shorter list.
 * @returns {Array<{ kind: 'global' | 'require' | 'import', name: string, line: number, column: number }>}
 */
export function findN8nViolations(code, options = {}) {
  const allowed = new Set(options.allowedModules ?? N8N_ALLOWED_MODULES);
  const ast = parse(code, {
    ecmaVersion: 'latest',
    sourceType: 'script',
    locations: true,
    ranges: true,
    allowHashBang: true,
  });
  // nodejsScope: the file runs inside Node's module wrapper, so its top-level names are not globals.
  const scopes = analyze(ast, { ecmaVersion: 2022, sourceType: 'script', nodejsScope: true });
  const findings = [];
  const at = (node) => ({ line: node.loc.start.line, column: node.loc.start.column });
  const requireCallees = new Set();
  for (const reference of scopes.globalScope.through) {
    const { identifier } = reference;
    if (identifier.name === 'require') requireCallees.add(identifier);
    else if (restricted.has(identifier.name))
      findings.push({ kind: 'global', name: identifier.name, ...at(identifier) });
  }
  const calledRequires = new Set();
  simple(ast, {
    CallExpression(node) {
      if (!requireCallees.has(node.callee)) return;
      calledRequires.add(node.callee);
      const [argument] = node.arguments;
      if (argument?.type !== 'Literal' || typeof argument.value !== 'string') {
        findings.push({ kind: 'require', name: '(a computed name)', ...at(node) });
        return;
      }
      const name = packageOf(argument.value);
      if (!allowed.has(name)) findings.push({ kind: 'require', name: argument.value, ...at(node) });
    },
    ImportExpression(node) {
      findings.push({ kind: 'import', name: 'import()', ...at(node) });
    },
  });
  // `require` passed around or read as a value escapes the call check above.
  for (const identifier of requireCallees) {
    if (!calledRequires.has(identifier))
      findings.push({ kind: 'require', name: '(used as a value)', ...at(identifier) });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
