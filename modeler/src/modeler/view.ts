/**
 * The Modeler view: toolbar (new, open, samples, undo/redo, downloads,
 * deploy), the bpmn-js canvas with the Zeebe properties panel, and a status
 * bar with the engine's own check of the diagram (a dry-run deploy after
 * each change) and the last deploy's outcome.
 */
import type CommandStack from 'diagram-js/lib/command/CommandStack';
import type Canvas from 'diagram-js/lib/core/Canvas';
import type EventBus from 'diagram-js/lib/core/EventBus';
import type { AppContext, ViewDefinition, ViewInstance } from '../view.js';
import { h, notify, notifyError } from '../ui.js';
import { DeployControl } from './deploy.js';
import { createModeler, emptyDiagram } from './editor.js';
import { acceptDrops, download, pickFile, withExtension } from './files.js';
import { EngineProblems } from './problems.js';
import { EngineCheck } from './engine-check.js';
import { LintList } from './lint-list.js';
import { samplesMenu } from './samples.js';
import { bindShortcuts, MOD, shortcutsDialog } from './shortcuts.js';
import { offerTaskTypes } from './task-types.js';
import { offerElementTemplates } from './element-templates.js';

export const modelerView: ViewDefinition = {
  id: 'modeler',
  title: 'Modeler',
  roles: ['viewer', 'deployer', 'operator', 'worker', 'user'],
  create,
};

function create(context: AppContext): ViewInstance {
  const { api } = context;
  const mayDeploy = context.can('deployer');
  const canvasElement = h('div', { class: 'canvas', id: 'canvas', tabindex: 0 });
  const propertiesElement = h('aside', { class: 'properties', id: 'properties', 'aria-label': 'Properties' });
  const modeler = createModeler(canvasElement, propertiesElement);
  const problems = new EngineProblems(modeler);
  const lint = new LintList(modeler);
  const fileInput = h('input', { type: 'file', accept: '.bpmn,.xml,application/xml,text/xml', hidden: true, id: 'file-input' });
  const nameLabel = h('span', { class: 'diagram-name', id: 'diagram-name' });
  const checkStatus = h('button', {
    class: 'link check-status',
    id: 'check-status',
    title: 'Show the engine’s problems',
    onclick: () => problemsPanel.toggleAttribute('hidden'),
  });
  const deployStatus = h('span', { class: 'deploy-status', id: 'deploy-status', role: 'status' });
  const problemsPanel = h('div', { class: 'problems-panel', hidden: true }, h('h3', {}, 'The engine refuses this diagram because:'), problems.list);
  const help = shortcutsDialog();
  let name = 'diagram.bpmn';
  let dirty = false;
  let visible = false;

  const updateTitle = () => {
    nameLabel.textContent = `${name}${dirty ? ' • edited' : ''}`;
    document.title = `${dirty ? '• ' : ''}${name} – Baton`;
  };

  const confirmDiscard = () => !dirty || window.confirm(`Discard the changes to ${name}?`);

  async function open(xml: string, fileName: string): Promise<boolean> {
    try {
      const { warnings } = await modeler.importXML(xml);
      if (warnings.length) notify(`${fileName} opened with ${warnings.length} warning(s): ${(warnings[0] as unknown as Error).message ?? warnings[0]}`, 'info');
    } catch (error) {
      notifyError(`${fileName} cannot be opened`, error);
      return false;
    }
    name = fileName;
    dirty = false;
    problems.clear();
    deployStatus.textContent = '';
    updateTitle();
    // 'auto' centres the diagram (diagram-js reads any truthy centre so; its typings allow only a point)
    modeler.get<Canvas>('canvas').zoom('fit-viewport', 'auto' as unknown as { x: number; y: number });
    scheduleCheck();
    return true;
  }

  const currentXml = async () => {
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml) throw new Error('the diagram could not be serialised');
    return xml;
  };

  // --- the engine's check: a dry-run deploy after each change
  const engineCheck = new EngineCheck({
    api,
    enabled: mayDeploy,
    status: checkStatus,
    problems,
    current: async () => ({ xml: await currentXml() }),
    checked: (found) => {
      if (!found.length) problemsPanel.hidden = true;
    },
  });
  const scheduleCheck = () => engineCheck.schedule();

  // --- toolbar actions
  const newDiagram = () => {
    if (confirmDiscard()) void open(emptyDiagram(), 'diagram.bpmn');
  };
  const openFile = async () => {
    if (!confirmDiscard()) return;
    const file = await pickFile(fileInput);
    if (file) await open(file.text, file.name);
  };
  const saveBpmn = async () => {
    try {
      download(withExtension(name, '.bpmn'), await currentXml(), 'application/xml');
      dirty = false;
      updateTitle();
    } catch (error) {
      notifyError('Saving failed', error);
    }
  };
  const saveSvg = async () => {
    try {
      const { svg } = await modeler.saveSVG();
      download(withExtension(name, '.svg'), svg, 'image/svg+xml');
    } catch (error) {
      notifyError('Exporting the SVG failed', error);
    }
  };
  const commandStack = () => modeler.get<CommandStack>('commandStack');
  const undo = h('button', { id: 'undo', title: `Undo (${MOD}+Z)`, disabled: true, onclick: () => commandStack().undo() }, '↶ Undo');
  const redo = h('button', { id: 'redo', title: `Redo (${MOD}+Y)`, disabled: true, onclick: () => commandStack().redo() }, '↷ Redo');

  const deployControl = mayDeploy
    ? new DeployControl({
        api,
        problems,
        current: async () => ({ xml: await currentXml(), name: withExtension(name, '.bpmn') }),
        report: (text, kind) => {
          deployStatus.textContent = text;
          deployStatus.dataset.kind = kind;
        },
        deployed: () => void taskTypes.refresh(),
      })
    : undefined;

  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Diagram' },
    h('button', { id: 'new-diagram', title: 'New diagram', onclick: newDiagram }, 'New'),
    h('button', { id: 'open-file', title: `Open a .bpmn file (${MOD}+O), or drop one on the canvas`, onclick: () => void openFile() }, 'Open…'),
    samplesMenu(api, async (sample, xml) => {
      if (confirmDiscard()) await open(xml, sample);
    }),
    h('span', { class: 'separator' }),
    undo,
    redo,
    h('span', { class: 'separator' }),
    h('button', { id: 'download-bpmn', title: `Download as .bpmn (${MOD}+S)`, onclick: () => void saveBpmn() }, '⤓ .bpmn'),
    h('button', { id: 'download-svg', title: 'Download as .svg', onclick: () => void saveSvg() }, '⤓ .svg'),
    h('button', { id: 'show-shortcuts', title: 'Keyboard shortcuts (?)', onclick: () => help.showModal() }, '⌨'),
    h('span', { class: 'spacer' }),
    deployControl?.element ??
      h('span', { class: 'read-only-note', id: 'read-only-note', title: 'Deploying needs a deployer or admin key' }, 'Read only: your key cannot deploy'),
  );

  const element = h(
    'section',
    { class: 'modeler-view', 'aria-label': 'Modeler' },
    toolbar,
    h('div', { class: 'workspace' }, canvasElement, propertiesElement),
    problemsPanel,
    lint.panel,
    h('footer', { class: 'statusbar' }, nameLabel, checkStatus, lint.button, h('span', { class: 'spacer' }), deployStatus),
    fileInput,
    help,
  );

  const eventBus = modeler.get<EventBus>('eventBus');
  eventBus.on('commandStack.changed', () => {
    dirty = true;
    undo.disabled = !commandStack().canUndo();
    redo.disabled = !commandStack().canRedo();
    updateTitle();
    scheduleCheck();
  });
  eventBus.on('import.done', () => {
    undo.disabled = true;
    redo.disabled = true;
  });

  acceptDrops(canvasElement, (file) => {
    if (confirmDiscard()) void open(file.text, file.name);
  });
  bindShortcuts(
    { open: () => void openFile(), save: () => void saveBpmn(), deploy: deployControl && (() => void deployControl.deploy()), help: () => help.showModal() },
    () => visible,
  );
  const taskTypes = offerTaskTypes(api, propertiesElement);
  const templates = offerElementTemplates(api, modeler, propertiesElement);
  window.addEventListener('beforeunload', (event) => {
    if (dirty) event.preventDefault();
  });

  void open(emptyDiagram(), 'diagram.bpmn');

  return {
    element,
    show() {
      visible = true;
      modeler.get<Canvas>('canvas').resized();
      void taskTypes.refresh();
      void templates.refresh();
    },
    hide() {
      visible = false;
    },
  };
}
