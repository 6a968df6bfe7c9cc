#!/usr/bin/env node
import { run } from '../dist/renfe.js';

await run();
