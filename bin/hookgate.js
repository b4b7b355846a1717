#!/usr/bin/env -S node --experimental-sqlite --disable-warning=ExperimentalWarning
import '../dist/src/cli/main.js';
