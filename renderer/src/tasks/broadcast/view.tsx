/**
 * The broadcast kind in the window: its words, its recipients' columns, the in-doubt counter
 * (its messages leave the machine, so a crash can leave one in doubt), the shortcuts to its
 * WhatsApp account when it waits for one, and the composer.
 */
import { broadcastFacts } from '../../../../common/tasks/broadcast/facts.ts';
import { BroadcastIcon } from '../../components/Icons.tsx';
import { defineKindView } from '../kind-view.ts';
import { broadcastWords } from './words.ts';
import { BroadcastAccountShortcuts } from './AccountShortcuts.tsx';
import { ComposerScreen } from './composer/ComposerScreen.tsx';

export const broadcastView = defineKindView({
  facts: broadcastFacts,
  icon: BroadcastIcon,
  columns: { subjectDir: 'ltr' },
  extraCounters: [{ key: 'inDoubt', tone: 'warning' }],
  accountShortcuts: BroadcastAccountShortcuts,
  composer: ComposerScreen,
  words: broadcastWords,
});
