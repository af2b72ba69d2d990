// Paramètres → « Protéger les données par un mot de passe »: turn the protection on (after the
// doctor has read and ticked that a forgotten passphrase cannot be recovered), change it, or turn
// it off. Rust checks every field (length, both typings alike, the box ticked) and rewrites the
// file and its backups; this page only collects what is typed and says what happened.

import { h, clear, toast } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';
import { field, onSubmit } from '../lib/form.js';

const pass = (autocomplete) => h('input', { type: 'password', autocomplete, maxlength: 200 });

function form(testid, fields, label, send) {
  const f = h('form', { class: 'card protection-form', 'data-testid': testid }, ...fields,
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-testid': `${testid}-submit` }, label)));
  onSubmit(f, async (d) => {
    const button = f.querySelector('[type=submit]');
    button.textContent = 'Chiffrement en cours… (vos sauvegardes aussi)';
    try { await send(d); } finally { button.textContent = label; }
  });
  return f;
}

const converted = (r) => (r.backups_left.length
  ? ` ${r.backups_converted} sauvegarde(s) convertie(s) ; non convertie(s) : ${r.backups_left.map(([name, why]) => `${name} (${why})`).join(' ; ')}.`
  : ` ${r.backups_converted} sauvegarde(s) convertie(s).`);

/** The section, drawn into a new element it keeps up to date. */
export function protectionSection() {
  const box = h('div', { 'data-testid': 'protection' });
  const draw = async () => {
    let info;
    try { info = await invoke('store_protection'); } catch (err) { clear(box).append(h('p', { class: 'report bad' }, err.message)); return; }
    const done = async (message) => { toast(message); await draw(); };
    if (!info.protected) {
      const understood = h('input', { type: 'checkbox', value: 'yes' });
      clear(box).append(
        h('p', {}, 'Vos avis, dossiers et notes sont dans un fichier de cet ordinateur. Avec un mot de passe, ce fichier et ses sauvegardes sont chiffrés : sans le mot de passe, personne ne peut les lire (vol de l’ordinateur, disque donné à réparer). Il vous sera demandé à chaque ouverture de l’application.'),
        h('p', { class: 'form-error', 'data-testid': 'protection-warning' }, info.cannot_be_recovered),
        h('p', { class: 'muted', 'data-testid': 'protection-remains-in-clear' }, info.remains_in_clear),
        form('protect', [
          field('passphrase', 'Mot de passe (8 caractères au moins)', pass('new-password')),
          field('confirmation', 'Le même mot de passe, une seconde fois', pass('new-password')),
          h('div', { class: 'field', dataset: { field: 'understood' } },
            h('label', {}, understood, ' J’ai compris : un mot de passe oublié ne peut pas être retrouvé, et mes données seraient alors perdues.'),
            h('p', { class: 'field-error', 'data-testid': 'error-understood' })),
        ], 'Protéger mes données', async (d) => {
          const r = await invoke('store_protect', { args: { passphrase: d.get('passphrase'), confirmation: d.get('confirmation'), understood: understood.checked } });
          await done(`Vos données sont protégées par votre mot de passe.${converted(r)}`);
        }));
      understood.name = 'understood';
      understood.dataset.testid = 'field-understood';
      return;
    }
    // Said as it is: backups still in clear (a conversion cut short) are named, never hidden.
    const status = info.plain_backups.length
      ? h('p', { class: 'report bad', 'data-testid': 'protection-on' }, `Vos données sont protégées par un mot de passe, mais ${info.plain_backups.length} sauvegarde(s) restent en clair : ${info.plain_backups.join(', ')}. Elles seront chiffrées à la prochaine ouverture de l’application ; vous pouvez aussi les supprimer du dossier « sauvegardes ».`)
      : h('p', { class: 'report ok', 'data-testid': 'protection-on' }, 'Vos données et leurs sauvegardes sont protégées par un mot de passe.');
    clear(box).append(
      status,
      h('p', { class: 'muted', 'data-testid': 'protection-remains-in-clear' }, info.remains_in_clear),
      h('h3', {}, 'Changer le mot de passe'),
      form('passphrase-change', [
        field('current', 'Mot de passe actuel', pass('current-password')),
        field('passphrase', 'Nouveau mot de passe', pass('new-password')),
        field('confirmation', 'Le nouveau, une seconde fois', pass('new-password')),
      ], 'Changer le mot de passe', async (d) => {
        const r = await invoke('store_change_passphrase', { args: { current: d.get('current'), passphrase: d.get('passphrase'), confirmation: d.get('confirmation') } });
        await done(`Mot de passe changé.${converted(r)}`);
      }),
      h('h3', {}, 'Retirer la protection'),
      h('p', { class: 'muted' }, 'Le fichier et les sauvegardes redeviennent lisibles sans mot de passe.'),
      form('unprotect', [field('current', 'Mot de passe actuel', pass('current-password'))], 'Retirer la protection', async (d) => {
        const r = await invoke('store_unprotect', { args: { current: d.get('current') } });
        await done(`Protection retirée.${converted(r)}`);
      }));
  };
  draw();
  return box;
}
