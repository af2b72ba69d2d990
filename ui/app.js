// Entry point: loads the start-up state, shows the onboarding on first run, then routes
// between the areas with the URL hash. Views are plain functions that fill `#main`.

import { h, clear, toast } from './lib/dom.js';
import { invoke } from './lib/ipc.js';
import { dashboard } from './views/dashboard.js';

// The first screen is the dashboard: only its module loads at start-up; every other area's
// module is fetched the first time the doctor opens it (same origin, allowed by the CSP).
const lazy = (load, name) => async (root, ctx) => (await load())[name](root, ctx);

const ROUTES = [
  { path: 'tableau-de-bord', label: 'Tableau de bord', view: dashboard },
  { path: 'fiches', label: 'Fiches nominatives', view: lazy(() => import('./views/listings.js'), 'listings') },
  { path: 'avis', label: 'Avis et commentaires', view: lazy(() => import('./views/reviews.js'), 'reviews') },
  { path: 'dossiers', label: 'Dossiers (contenus illicites)', view: lazy(() => import('./views/cases.js'), 'cases') },
  { path: 'veille', label: 'Veille', view: lazy(() => import('./views/veille.js'), 'veille') },
  { path: 'courriers', label: 'Courriers', view: lazy(() => import('./views/letters.js'), 'letters') },
  { path: 'aides', label: 'Aides et assurances', view: lazy(() => import('./views/help.js'), 'help') },
  { path: 'parametres', label: 'Paramètres', view: lazy(() => import('./views/settings.js'), 'settings') },
];

const ctx = { info: null, signer: null, readyAfter: null, firstSummary: null };

/** `#/fiches/12` → area `fiches`, parameter `12` (an item to open in that area). */
function parseHash() {
  const [path, param = null] = location.hash.replace(/^#\/?/, '').split('/');
  return ROUTES.some((r) => r.path === path) ? { path, param } : { path: 'tableau-de-bord', param: null };
}

function currentPath() {
  return parseHash().path;
}

function renderNav() {
  const nav = clear(document.getElementById('nav'));
  // No area is offered while the data are not open (another window holds them, a passphrase…).
  if (!['open', 'read_only'].includes(ctx.info?.store_state)) return;
  const active = currentPath();
  for (const r of ROUTES) {
    nav.append(h('li', {}, h('a', {
      href: `#/${r.path}`,
      'data-testid': `nav-${r.path}`,
      'aria-current': r.path === active ? 'page' : null,
    }, r.label)));
  }
}

async function refreshContext() {
  ctx.info = await invoke('app_info');
  ctx.signer = ctx.info.signer;
}

/** Draws the current area. `focus`: move the keyboard focus to the content, as after every
 *  navigation; not on the first screen, where it stays at the top of the page (the skip link
 *  first) as on any page load, and where focusing would force a layout before the first frame. */
async function render({ focus = true } = {}) {
  // Each drawing gets its own box in `#main`. A drawing still waiting on Rust when the doctor
  // moves on (a slow first load of an area, a click on the next one) then finishes in a box that
  // is no longer shown, instead of adding its area under the one asked for last.
  const main = document.getElementById('main');
  const view = h('div', { class: 'view' });
  main.replaceChildren(view);
  const state = ctx.info.store_state;
  if (state !== 'open' && state !== 'read_only') {
    const { storeGate } = await import('./views/store-gate.js');
    storeGate(view, ctx.info, async () => { await refreshContext(); renderNav(); await render(); });
    return;
  }

  if (!ctx.info.has_practitioner) {
    document.body.classList.add('first-run');
    const { onboarding } = await import('./views/onboarding.js');
    view.append(onboarding(async () => {
      document.body.classList.remove('first-run');
      await refreshContext();
      toast('Profil enregistré. Bienvenue !');
      // Changing the hash renders through the hashchange listener; rendering here as well
      // would build the page twice and swap elements under the doctor's (or a test's) click.
      if (location.hash !== '#/tableau-de-bord') location.hash = '#/tableau-de-bord';
      else await render();
    }));
    return;
  }
  renderNav();
  const route = ROUTES.find((r) => r.path === currentPath());
  ctx.param = parseHash().param;
  try {
    await route.view(view, ctx);
  } catch (err) {
    view.append(h('p', { class: 'form-error', role: 'alert' }, err.message));
  }
  if (!view.isConnected) return; // the doctor has moved on: that drawing is not shown
  // Above every screen, after it is drawn (views clear their root when they draw).
  if (state === 'read_only') {
    const { readOnlyBanner } = await import('./views/store-gate.js');
    view.prepend(readOnlyBanner(ctx.info));
  }
  if (focus) main.focus({ preventScroll: true });
}

async function start() {
  // The dashboard's figures are asked for beside the app's state, not after it: on the usual
  // first screen the two round trips overlap. Used by the first drawing only (a redraw asks
  // again), and dropped if the first screen is another one (first run, store not open).
  if (currentPath() === 'tableau-de-bord') {
    ctx.firstSummary = invoke('dashboard_summary');
    ctx.firstSummary.catch(() => {});
  }
  try {
    await refreshContext();
  } catch (err) {
    ctx.info = { store_state: 'failed', store_message: err.message };
  }
  renderNav();
  await render({ focus: false });
  ctx.firstSummary = null;
  // Only `#/area` addresses are routes: the skip link's `#main` and the like are left alone.
  window.addEventListener('hashchange', () => { if (location.hash.startsWith('#/') || !location.hash) { renderNav(); render(); } });
  document.querySelector('.skip-link')?.addEventListener('click', (e) => {
    e.preventDefault();
    document.getElementById('main').focus();
  });
  document.body.dataset.ready = 'true';
  ctx.readyAfter = await invoke('ui_ready').catch(() => null);
}

start();
