/** A worker process for tests: the app's worker, running the test kinds as well (tests/kinds/registry.ts). */
import { runWorkerProcess } from '../../main/worker/process.ts';
import { TEST_KINDS } from './registry.ts';

runWorkerProcess(TEST_KINDS);
