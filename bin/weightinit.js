#!/usr/bin/env node
// The `weightinit` command; `weightinit --help` lists its commands.
'use strict';
require('../dist/cjs/cli/main.js').main();
