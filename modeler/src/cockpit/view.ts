/** The cockpit: process definitions, instances and incidents. Coming (issue 5); the shell already routes to it. */
import { comingView, type ViewDefinition } from '../view.js';

export const cockpitView: ViewDefinition = {
  id: 'cockpit',
  title: 'Cockpit',
  roles: ['viewer', 'operator', 'deployer'],
  create: comingView('Cockpit', 'Process definitions, running instances on their diagrams, incidents and actions will appear here.'),
};
