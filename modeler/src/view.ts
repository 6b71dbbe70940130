/**
 * What the app shell gives a view, and what a view gives back. Each view
 * (modeler, cockpit, tasklist) is created once, on its first visit, and kept
 * while the user switches tabs, so a diagram being edited survives a look at
 * the cockpit.
 */
import type { Api, Identity, Role } from './api.js';

export type { Role };

export interface AppContext {
  api: Api;
  identity: Identity;
  /** True when the key has one of the roles (admin has them all), as the server decides (server/auth.ts). */
  can(...roles: Role[]): boolean;
  /** Switches to another view, e.g. from the modeler to the cockpit after a deploy. */
  navigate(view: ViewId, detail?: string): void;
}

export type ViewId = 'modeler' | 'decisions' | 'cockpit' | 'tasklist';

export interface ViewInstance {
  element: HTMLElement;
  /** The view became visible; `detail` is the rest of the location hash (#/cockpit/<detail>). */
  show?(detail?: string): void;
  hide?(): void;
}

export interface ViewDefinition {
  id: ViewId;
  title: string;
  /** Who sees the tab: any of these roles (admin always). */
  roles: readonly Role[];
  create(context: AppContext): ViewInstance;
}

/** A view that is not built yet. */
export function comingView(title: string, text: string): (context: AppContext) => ViewInstance {
  return () => {
    const element = document.createElement('section');
    element.className = 'view-coming';
    const heading = document.createElement('h2');
    heading.textContent = `${title}: coming`;
    const paragraph = document.createElement('p');
    paragraph.textContent = text;
    element.append(heading, paragraph);
    return { element };
  };
}
