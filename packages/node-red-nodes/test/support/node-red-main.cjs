// A real Node-RED runtime in its own process, as a user runs it: embedded with RED.init(server,
// settings) + RED.start() on a loopback port, with the user directory, credential secret and admin
// login the test gives it. Its own process so that a test can stop and restart it like a real restart.
// usage: node node-red-main.cjs <settings.json>   prints "listening <port>" once the flows have started.
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');

const options = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const RED = require(options.runtimeModule);
const bcrypt = require(
  require.resolve('bcryptjs', { paths: [path.dirname(require.resolve(options.runtimeModule))] }),
);

const server = http.createServer((req, res) => {
  RED.httpAdmin(req, res, () =>
    RED.httpNode(req, res, () => {
      res.statusCode = 404;
      res.end();
    }),
  );
});

const settings = {
  userDir: options.userDir,
  flowFile: 'flows.json',
  credentialSecret: options.credentialSecret,
  uiHost: '127.0.0.1',
  uiPort: options.port,
  httpAdminRoot: '/',
  httpNodeRoot: '/api',
  telemetry: { enabled: false },
  // The tests read whole messages from the debug feed.
  debugMaxLength: 1000000,
  externalModules: { palette: { allowInstall: false } },
  logging: { console: { level: process.env.NODE_RED_LOG_LEVEL || 'warn', audit: false } },
  editorTheme: { tours: false, projects: { enabled: false } },
  contextStorage: { default: { module: 'memory' }, file: { module: 'localfilesystem' } },
};
if (options.admin) {
  settings.adminAuth = {
    type: 'credentials',
    users: [
      {
        username: options.admin.username,
        password: bcrypt.hashSync(options.admin.password, 8),
        permissions: '*',
      },
    ],
  };
}

RED.init(server, settings);
if (options.memoryProbe) {
  // For the soak: the runtime's heap after a full GC, its RSS and open TCP sockets (started with --expose-gc).
  RED.httpAdmin.get('/_test/memory', (req, res) => {
    global.gc();
    const memory = process.memoryUsage();
    const sockets = process.getActiveResourcesInfo().filter((name) => name === 'TCPSocketWrap').length;
    res.json({ heapBytes: memory.heapUsed, rssBytes: memory.rss, externalBytes: memory.external, sockets });
  });
}
server.listen(options.port, '127.0.0.1', () => {
  // RED.start can resolve before the flows run: report ready only once both have happened.
  let flowsStarted = false;
  let runtimeStarted = false;
  const ready = () => {
    if (flowsStarted && runtimeStarted) console.log(`listening ${server.address().port}`);
  };
  RED.events.once('flows:started', () => {
    flowsStarted = true;
    ready();
  });
  RED.start().then(
    () => {
      runtimeStarted = true;
      ready();
    },
    (error) => {
      console.error(`start failed: ${error && error.stack}`);
      process.exit(1);
    },
  );
});

const stop = () => {
  RED.stop().then(
    () => server.close(() => process.exit(0)),
    () => process.exit(1),
  );
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
