/** The tasklist: the user's open tasks, claim and complete with a form. Coming (issue 5); the shell already routes to it. */
import { comingView, type ViewDefinition } from '../view.js';

export const tasklistView: ViewDefinition = {
  id: 'tasklist',
  title: 'Tasklist',
  roles: ['user', 'operator'],
  create: comingView('Tasklist', 'Your open user tasks, to claim and complete with their forms, will appear here.'),
};
