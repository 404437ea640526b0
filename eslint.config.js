// Lint rules that keep code where it may run (VS Code's layering): common/ is
// process-neutral, only main/electron/ and preload/ may import Electron, and the
// renderer reaches main only through window.taskdeck.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'Only main/electron/ and preload/ may import Electron.' };
const nodeBuiltins = { group: ['node:*'], message: 'This layer must not use Node APIs.' };
const immediateTransactions = {
  selector: "CallExpression[arguments.length=0] > CallExpression.callee > MemberExpression.callee[property.name='transaction']",
  message: 'Call db.transaction(fn).immediate(), not db.transaction(fn)(): a deferred read-then-write fails when another writer got in first.',
};
const taskWriteMessage = 'Only main/store/task-state-repo.ts and task-progress-repo.ts write tasks rows (the state machine in common/tasks/state.ts guards each write).';
const taskWrites = [
  { selector: 'Literal[value=/UPDATE\\s+tasks\\b/i]', message: taskWriteMessage },
  { selector: 'TemplateElement[value.raw=/UPDATE\\s+tasks\\b/i]', message: taskWriteMessage },
];
const mainOnly = { group: ['**/renderer/**', '**/preload/**'], message: 'main imports main/ and common/ only; move shared code to common/.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'tests/e2e/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron, { name: 'react', message: 'common/ is process-neutral.' }],
          patterns: [nodeBuiltins, { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'common/ imports only common/.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [nodeBuiltins, { group: ['**/main/**', '**/preload/**'], message: 'The renderer talks to main only through window.taskdeck.' }],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            { group: ['**/main/**', '**/renderer/**'], message: 'The preload exposes the contract, nothing else.' },
            { group: ['zod'], message: 'Keep the sandboxed preload tiny: import common/ipc/channels.ts, not the zod contract.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron] }],
    },
  },
  {
    // main never reaches into the window's code: what both need lives in common/.
    files: ['main/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electron], patterns: [mainOnly] }],
    },
  },
  {
    // main and several workers write one database. A deferred transaction that reads and then
    // writes fails at once ("database is locked") when another process committed in between,
    // without waiting: every transaction takes the write lock up front.
    files: ['main/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', immediateTransactions, ...taskWrites] },
  },
  {
    // The task's life has one home: its status and counters are written only by the state
    // and progress repositories, each write guarded by common/tasks/state.ts.
    files: ['main/store/task-state-repo.ts', 'main/store/task-progress-repo.ts', 'main/store/migrations/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', immediateTransactions] },
  },
  {
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [mainOnly] }],
    },
  },
);
