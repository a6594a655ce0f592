#!/usr/bin/env node
// Committed rather than pointing "bin" at dist/: package managers link bins at install, before any build.
import '../dist/cli.js';
