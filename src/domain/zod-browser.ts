/**
 * What `zod` resolves to in the browser build (vite.config.ts). zod 4 decides per object schema,
 * when the schema is made, whether to compile a parser with `new Function`, and probes once
 * whether it may. The relay's CSP refuses eval, so the probe only ever produced a
 * `securitypolicyviolation` report (and a console error) at every start. Setting `jitless` here,
 * in the module every importer of `zod` evaluates after, means the first schema is already
 * made jitless and the probe never runs. Node (the relay, tests) keeps zod's JIT.
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
