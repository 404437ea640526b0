/** The worker process of the app and the CLI: it runs tasks of the shipped kinds. */
import { SHIPPED_KINDS } from '../tasks/registry.ts';
import { runWorkerProcess } from './process.ts';

runWorkerProcess(SHIPPED_KINDS);
