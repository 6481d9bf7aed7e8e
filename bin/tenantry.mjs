#!/usr/bin/env node
// `npx tenantry ...`: runs the TypeScript CLI (cli/index.ts) through tsx, a dependency of this
// package, so nothing needs compiling after `npm install`.
import { register } from "tsx/esm/api";

register();
await import("../cli/index.ts");
