// The first screen when the data cannot simply be opened: another window holds them, the file
// is protected by a passphrase, the file is empty (zero bytes), or it cannot be opened at all.
// Rust says which (`app_info.store_state`) and with what words; this screen offers what can be
// done about it, and nothing that would lose data without the doctor's say-so.

import { h, clear, confirmAction } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { dateTime } from '../lib/format.js';
import { onSubmit, field } from '../lib/form.js';

const TITLES = {
  busy: 'Vos données sont déjà ouvertes',
  locked: 'Vos données sont protégées par un mot de passe',
  empty: 'Le fichier de vos données est vide',
  failed: 'Vos données ne peuvent pas être ouvertes',
};

/** Fills `main` with the screen for `info.store_state`; `onOpened` runs once the store opens. */
export function storeGate(main, info, onOpened) {
  const state = info.store_state;
  const section = h('section', { class: 'area gate', 'data-testid': `store-${state}` },
    h('h1', {}, TITLES[state] || TITLES.failed),
    h('p', { class: state === 'locked' ? 'lead' : 'form-error', role: state === 'locked' ? null : 'alert', 'data-testid': 'store-message' }, info.store_message || ''));
  if (state === 'locked') section.append(unlockForm(onOpened));
  if (state === 'empty') section.append(emptyChoices(onOpened));
  section.append(h('p', { class: 'muted' }, 'Dossier des données : ', h('code', {}, info.data_dir || '—')));
  main.append(section);
  section.querySelector('input')?.focus();
}

function unlockForm(onOpened) {
  const pass = h('input', { type: 'password', autocomplete: 'current-password', maxlength: 200 });
  const form = h('form', { class: 'card', 'data-testid': 'unlock-form' },
    field('passphrase', 'Mot de passe', pass),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-testid': 'unlock' }, 'Ouvrir mes données')));
  onSubmit(form, async (d) => {
    const submit = form.querySelector('[type=submit]');
    submit.textContent = 'Ouverture… (quelques secondes)';
    try {
      await invoke('store_unlock', { passphrase: d.get('passphrase') });
    } finally {
      submit.textContent = 'Ouvrir mes données';
      pass.value = '';
    }
    await onOpened();
  });
  return form;
}

function emptyChoices(onOpened) {
  const list = h('div', { 'data-testid': 'empty-backups' }, h('p', { class: 'muted' }, 'Recherche des sauvegardes…'));
  const out = h('div', { class: 'report', role: 'status', 'data-testid': 'gate-report' });
  const restore = (b) => async () => {
    const ok = await confirmAction('Restaurer cette sauvegarde ?',
      'Le fichier vide est mis de côté, puis la sauvegarde choisie est vérifiée et mise à sa place.', 'Restaurer');
    if (!ok) return;
    out.className = 'report';
    out.textContent = 'Restauration en cours…';
    try { await invoke('store_restore_into_empty', { fileName: b.file_name, passphrase: key.value || null }); await onOpened(); }
    catch (err) { out.className = 'report bad'; out.textContent = err.message; }
  };
  const afresh = async () => {
    const ok = await confirmAction('Commencer une nouvelle base ?',
      'Une base vide est créée pour un nouveau cabinet. Le fichier vide actuel est gardé à côté, renommé ; vos sauvegardes restent dans le dossier « sauvegardes ».', 'Commencer une nouvelle base');
    if (!ok) return;
    try { await invoke('store_start_afresh'); await onOpened(); }
    catch (err) { out.className = 'report bad'; out.textContent = err.message; }
  };
  // The backups of protected data open only with the passphrase: typed here, they are listed
  // with their counts and can be restored.
  const key = h('input', { type: 'password', autocomplete: 'current-password', maxlength: 200 });
  const draw = () => invoke('store_gate_backups', { passphrase: key.value || null }).then((backups) => {
    clear(list).append(backups.length
      ? h('ul', { class: 'backups' }, backups.map((b) => h('li', { 'data-testid': 'gate-backup' },
        h('strong', {}, dateTime(b.stamped_at || b.modified_at)),
        b.counts ? ` : ${b.counts.listings} fiche(s), ${b.counts.reviews} avis, ${b.counts.letters} courrier(s), ${b.counts.cases} dossier(s) ` : ' ',
        b.unreadable ? h('span', { class: 'report bad' }, b.unreadable)
          : h('button', { 'data-testid': `gate-restore-${b.file_name}`, onclick: restore(b) }, 'Restaurer cette sauvegarde'))))
      : h('p', {}, 'Aucune sauvegarde n’a été trouvée dans le dossier « sauvegardes ».'));
  }).catch((err) => { clear(list).append(h('p', { class: 'report bad' }, err.message)); });
  draw();
  const keyForm = h('form', { class: 'card', 'data-testid': 'gate-key-form' },
    field('gate_passphrase', 'Vos données étaient protégées par un mot de passe ? Saisissez-le pour lire ces sauvegardes', key),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary', 'data-testid': 'gate-key-submit' }, 'Lire les sauvegardes avec ce mot de passe')));
  keyForm.addEventListener('submit', (e) => { e.preventDefault(); draw(); });
  return h('div', {},
    h('h2', {}, 'Vos sauvegardes, de la plus récente à la plus ancienne'),
    list,
    keyForm,
    h('h2', {}, 'Ou bien'),
    h('p', {}, h('button', { class: 'secondary', 'data-testid': 'start-afresh', onclick: afresh }, 'Commencer une nouvelle base (nouveau cabinet)')),
    out);
}

/** The line shown above every screen while the data are open for reading only. */
export function readOnlyBanner(info) {
  return h('p', { class: 'banner warning', role: 'status', 'data-testid': 'read-only-banner' }, info.store_message);
}
