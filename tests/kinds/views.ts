/** The window's kinds in tests: the shipped ones, plus the test-only kinds, one line each. */
import { SHIPPED_KIND_VIEWS } from '../../renderer/src/tasks/registry.ts';
import { tallyView } from './tally/view.tsx';

export const TEST_KIND_VIEWS = SHIPPED_KIND_VIEWS.with(tallyView);
