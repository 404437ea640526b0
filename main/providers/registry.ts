/** Builds the provider a task asked for. WhatsApp joins here next. */
import type { ProviderChoice } from '../../common/tasks/params.ts';
import type { Provider } from './provider.ts';
import { TestModeProvider } from './test-mode.ts';

export function createProvider(dbPath: string, choice: ProviderChoice): Provider {
  switch (choice.type) {
    case 'test-mode':
      return new TestModeProvider(dbPath, choice.options);
  }
}
