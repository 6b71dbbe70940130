/**
 * The Decisions view: DMN files edited with dmn-js (the decision
 * requirements diagram, decision tables, literal expressions), checked by
 * the engine after each change (a dry-run deploy of the .dmn file) and
 * deployed from here, beside the BPMN modeler.
 */
import type { Problem } from '../api.js';
import type { AppContext, ViewDefinition, ViewInstance } from '../view.js';
import { h, notify, notifyError } from '../ui.js';
import { DeployControl, type ProblemDisplay } from '../modeler/deploy.js';
import { EngineCheck } from '../modeler/engine-check.js';
import { acceptDrops, download, pickFile, withExtension } from '../modeler/files.js';
import { samplesMenu } from '../modeler/samples.js';
import { createDmnModeler, emptyDmn, ViewTabs } from './dmn-editor.js';
import './decisions.css';

export const decisionsView: ViewDefinition = {
  id: 'decisions',
  title: 'Decisions',
  roles: ['viewer', 'deployer', 'operator'],
  create,
};

/** The engine's problems with the file, listed: dmn-js has no overlays for them, so each names its element. */
class ProblemList implements ProblemDisplay {
  readonly element = h('ol', { class: 'problem-list', id: 'dmn-problems' });

  show(problems: readonly Problem[]): void {
    this.element.replaceChildren(
      ...problems.map((problem) =>
        h(
          'li',
          {},
          problem.elementId ? h('code', {}, problem.elementId) : '',
          problem.elementId ? ': ' : '',
          problem.message,
          problem.line ? ` (line ${problem.line})` : '',
        ),
      ),
    );
  }

  clear(): void {
    this.element.replaceChildren();
  }
}

function create(context: AppContext): ViewInstance {
  const { api } = context;
  const mayDeploy = context.can('deployer');
  const canvas = h('div', { class: 'dmn-canvas', id: 'dmn-canvas', tabindex: 0 });
  const modeler = createDmnModeler(canvas);
  const tabs = new ViewTabs(modeler);
  const problems = new ProblemList();
  const fileInput = h('input', { type: 'file', accept: '.dmn,.xml,application/xml,text/xml', hidden: true, id: 'dmn-file-input' });
  const nameLabel = h('span', { class: 'diagram-name', id: 'dmn-name' });
  const checkStatus = h('span', { class: 'check-status', id: 'dmn-check-status' });
  const deployStatus = h('span', { class: 'deploy-status', id: 'dmn-deploy-status', role: 'status' });
  let name = 'decisions.dmn';
  let dirty = false;

  const updateTitle = () => {
    nameLabel.textContent = `${name}${dirty ? ' • edited' : ''}`;
  };
  const confirmDiscard = () => !dirty || window.confirm(`Discard the changes to ${name}?`);

  async function open(xml: string, fileName: string): Promise<boolean> {
    try {
      const { warnings } = await modeler.importXML(xml);
      if (warnings.length) notify(`${fileName} opened with ${warnings.length} warning(s)`, 'info');
    } catch (error) {
      notifyError(`${fileName} cannot be opened`, error);
      return false;
    }
    name = withExtension(fileName, '.dmn');
    dirty = false;
    problems.clear();
    deployStatus.textContent = '';
    updateTitle();
    tabs.render();
    scheduleCheck();
    return true;
  }

  const currentXml = async () => {
    const { xml } = await modeler.saveXML({ format: true });
    if (!xml) throw new Error('the decisions could not be serialised');
    return xml;
  };

  const engineCheck = new EngineCheck({ api, enabled: mayDeploy, status: checkStatus, problems, current: async () => ({ xml: await currentXml(), name }) });
  const scheduleCheck = () => engineCheck.schedule();

  const newFile = () => {
    if (confirmDiscard()) void open(emptyDmn(), 'decisions.dmn');
  };
  const openFile = async () => {
    if (!confirmDiscard()) return;
    const file = await pickFile(fileInput);
    if (file) await open(file.text, file.name);
  };
  const save = async () => {
    try {
      download(name, await currentXml(), 'application/xml');
      dirty = false;
      updateTitle();
    } catch (error) {
      notifyError('Saving failed', error);
    }
  };

  const deployControl = mayDeploy
    ? new DeployControl({
        api,
        problems,
        problemsWhere: 'listed below the editor',
        idPrefix: 'dmn-',
        current: async () => ({ xml: await currentXml(), name }),
        report: (text, kind) => {
          deployStatus.textContent = text;
          deployStatus.dataset.kind = kind;
        },
      })
    : undefined;

  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Decisions' },
    h('button', { id: 'new-dmn', title: 'New DMN file', onclick: newFile }, 'New DMN'),
    h('button', { id: 'open-dmn', title: 'Open a .dmn file, or drop one on the editor', onclick: () => void openFile() }, 'Open…'),
    samplesMenu(
      api,
      async (sample, xml) => {
        if (confirmDiscard()) await open(xml, sample);
      },
      '.dmn',
      'dmn-',
    ),
    h('span', { class: 'separator' }),
    h('button', { id: 'download-dmn', title: 'Download as .dmn', onclick: () => void save() }, '⤓ .dmn'),
    h('span', { class: 'spacer' }),
    deployControl?.element ?? h('span', { class: 'read-only-note' }, 'Read only: your key cannot deploy'),
  );

  const element = h(
    'section',
    { class: 'decisions-view', 'aria-label': 'Decisions' },
    toolbar,
    tabs.element,
    canvas,
    problems.element,
    h('footer', { class: 'statusbar' }, nameLabel, checkStatus, h('span', { class: 'spacer' }), deployStatus),
    fileInput,
  );

  // Any edit in any of the editors (DRD, table, expression) marks the file changed and checks it again.
  attachChangeListeners(modeler, () => {
    dirty = true;
    updateTitle();
    scheduleCheck();
  });
  acceptDrops(canvas, (file) => {
    if (confirmDiscard()) void open(file.text, file.name);
  });

  void open(emptyDmn(), 'decisions.dmn');
  return { element };
}

/**
 * dmn-js raises the editing events on the viewer of the active view, not on
 * the modeler: each time a view opens, its command stack is listened to.
 */
function attachChangeListeners(modeler: ReturnType<typeof createDmnModeler>, changed: () => void): void {
  const listening = new WeakSet<object>();
  modeler.on('views.changed', () => {
    const viewer = modeler.getActiveViewer();
    if (!viewer || listening.has(viewer)) return;
    listening.add(viewer);
    // An import clears the stack ('clear'): that is no edit.
    viewer.get<{ on(event: string, callback: (event: { trigger?: string }) => void): void }>('eventBus').on('commandStack.changed', (event) => {
      if (event.trigger !== 'clear') changed();
    });
  });
}
