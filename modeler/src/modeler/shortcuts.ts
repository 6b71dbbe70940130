/** The app's own keyboard shortcuts (bpmn-js brings the editing ones) and the dialog that lists them all. */
import { h } from '../ui.js';

export interface ShortcutActions {
  open(): void;
  save(): void;
  deploy?(): void;
  help(): void;
}

const isMac = /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

/** Binds Ctrl/⌘+O, Ctrl/⌘+S, Ctrl/⌘+Enter and ? while `active()` says the modeler is on screen. */
export function bindShortcuts(actions: ShortcutActions, active: () => boolean): void {
  document.addEventListener('keydown', (event) => {
    if (!active()) return;
    const mod = isMac ? event.metaKey : event.ctrlKey;
    const typing = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    const key = event.key.toLowerCase();
    if (mod && key === 'o') {
      event.preventDefault();
      actions.open();
    } else if (mod && key === 's') {
      event.preventDefault();
      actions.save();
    } else if (mod && key === 'enter' && actions.deploy) {
      event.preventDefault();
      actions.deploy();
    } else if (!typing && !mod && event.key === '?') {
      event.preventDefault();
      actions.help();
    }
  });
}

const SHORTCUTS: Array<[string, string]> = [
  [`${MOD}+O`, 'Open a local .bpmn file'],
  [`${MOD}+S`, 'Download the diagram as .bpmn'],
  [`${MOD}+Enter`, 'Deploy (deployer keys)'],
  [`${MOD}+Z`, 'Undo'],
  [`${MOD}+Y / ${MOD}+Shift+Z`, 'Redo'],
  [`${MOD}+A`, 'Select all'],
  [`${MOD}+C / ${MOD}+V`, 'Copy / paste'],
  [`${MOD}+F`, 'Find an element'],
  ['Delete / Backspace', 'Remove the selection'],
  ['E', 'Edit the label'],
  ['R', 'Replace the element'],
  ['A', 'Append an element'],
  ['N', 'Create an element'],
  ['H', 'Hand tool'],
  ['L', 'Lasso tool'],
  ['S', 'Space tool'],
  ['C', 'Global connect tool'],
  ['Arrow keys', 'Move the selection or the canvas'],
  [`${MOD}+scroll / ${MOD}+ +/-`, 'Zoom'],
  [`${MOD}+0`, 'Reset the zoom'],
  ['?', 'This list'],
];

export function shortcutsDialog(): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { class: 'shortcuts', id: 'shortcuts' },
    h('h2', {}, 'Keyboard shortcuts'),
    h('p', {}, 'Editing shortcuts work while the canvas has the focus (click it first).'),
    h('table', {}, h('tbody', {}, ...SHORTCUTS.map(([keys, what]) => h('tr', {}, h('th', {}, h('kbd', {}, keys)), h('td', {}, what))))),
    h('form', { method: 'dialog' }, h('button', { class: 'primary' }, 'Close')),
  );
  return dialog;
}
