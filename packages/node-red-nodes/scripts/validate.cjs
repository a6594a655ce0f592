// Runs `node-red-dev validate` (the Node-RED catalogue's own scorecard) on this package where
// catalogue.nodered.org cannot be reached: the two checks that compare against the catalogue (P08 similar
// package names, N01 node type names used by other packages) are reported as not run instead of failing the
// whole run; every other check runs as the tool runs it, the npm registry look-ups included.
// usage: node scripts/validate.cjs [scorecard.json]
'use strict';
const path = require('node:path');

const packageDir = path.join(__dirname, '..');
const toolDir = path.dirname(require.resolve('node-red-dev/package.json'));
const axios = require(require.resolve('axios', { paths: [toolDir] }));

const CATALOGUE = 'https://catalogue.nodered.org/catalogue.json';
const realGet = axios.get.bind(axios);
axios.get = (url, ...rest) =>
  url === CATALOGUE
    ? realGet(url, { ...rest[0], timeout: 5000 }).catch(() => ({ data: { modules: [] }, offline: true }))
    : realGet(url, ...rest);

let catalogueReached = true;
const probe = realGet(CATALOGUE, { timeout: 5000 }).catch(() => {
  catalogueReached = false;
});

// With an empty catalogue the tool would print a pass for the two catalogue checks: say what happened instead.
const NOT_RUN = {
  'No similar named packages found': 'P08 similar package names: not run (catalogue.nodered.org unreachable)',
  'Nodes all have unique names':
    'N01 node names unique in the catalogue: not run (catalogue.nodered.org unreachable)',
};
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  let text = String(chunk);
  if (!catalogueReached) {
    for (const [passed, skipped] of Object.entries(NOT_RUN))
      text = text.replace(`✅ ${passed}`, `⏭️  ${skipped}`);
  }
  return write(text, ...rest);
};

probe
  .then(() => {
    const Validate = require(path.join(toolDir, 'src', 'commands', 'validate.js'));
    return Validate.run(['-p', packageDir, ...(process.argv[2] ? ['-o', process.argv[2]] : [])]);
  })
  .catch((error) => {
    // The tool ends by throwing its exit request, also on success.
    const code = error && error.oclif ? error.oclif.exit : 1;
    if (code !== 0) console.error(error);
    process.exitCode = code;
  });
