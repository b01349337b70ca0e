// One definition of the modes, owned by the app; a type-only import, so the
// infra never loads the app at run time.
export type { DemoMode } from '../app/index.js';
