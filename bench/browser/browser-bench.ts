import { benchCapture } from './capture';
import { benchQueries } from './db-queries';
import { benchToggles } from './toggles';

/** Entry of the in-browser benchmarks; bench/browser-suite.ts drives it through Playwright. */
const api = { queries: benchQueries, toggles: benchToggles, capture: benchCapture };
declare global {
  interface Window {
    fieldbookBench?: typeof api;
  }
}
window.fieldbookBench = api;
