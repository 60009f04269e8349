// ESLint for the browser app and its end-to-end tests (make lint runs it with
// no warning allowed): the TypeScript rules, the rules of hooks, and jsx-a11y,
// which sees in the source what axe can only see in a page drawn by a test.
import js from '@eslint/js';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    files: ['src/**/*.{ts,tsx}', 'vite.config.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, jsxA11y.flatConfigs.recommended],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      // The two rules of hooks. The React Compiler's diagnostics that version 7
      // adds to "recommended" (refs, set-state-in-effect, purity, ...) are
      // for code the compiler rewrites; Tandem is not compiled by it.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // A scrolling table is a region that takes the keyboard focus, so that
      // it can be scrolled without a mouse (axe's scrollable-region-focusable);
      // the coding workspace's text is one keyboard widget (an application).
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region', 'application'], allowExpressionValues: true }],
      // A choice's label holds its name in <strong> inside a <span>.
      'jsx-a11y/label-has-associated-control': ['error', { depth: 3 }],
    },
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
