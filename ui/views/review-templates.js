// Editing a reply template: the doctor's own wording, checked by Rust (it must render and pass
// the secrecy guard without a blocking finding), and the built-in version always restorable.

import { h, toast } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';

export function templateEditor(id, onClose) {
  const source = h('textarea', { rows: 12, class: 'template-source', 'data-testid': 'template-source', 'aria-label': 'Texte du modèle' });
  const error = h('div', { 'data-testid': 'template-error' });
  const title = h('h3', {}, 'Modèle');
  const fields = h('p', { class: 'hint' });
  const restore = h('button', { class: 'secondary', 'data-testid': 'template-restore' }, 'Restaurer la version d’origine');

  const load = async () => {
    const t = await invoke('reply_template_get', { id });
    title.textContent = `Modèle « ${t.label} »${t.edited ? ' (modifié par vous)' : ' (version d’origine)'}`;
    source.value = t.source;
    restore.disabled = !t.edited;
    fields.textContent = t.placeholders.length
      ? `Champs remplis depuis votre profil : ${t.placeholders.map((p) => `{{${p}}}`).join(', ')}.`
      : '';
  };
  const fail = (err) => {
    error.replaceChildren(h('div', { class: 'form-error', role: 'alert' },
      (err.fields?.length ? err.fields.map((f) => f.message) : [err.message]).map((m) => h('p', {}, m))));
  };

  restore.addEventListener('click', async () => {
    try { await invoke('reply_template_restore', { id }); toast('Version d’origine restaurée.'); error.replaceChildren(); await load(); }
    catch (err) { fail(err); }
  });
  const save = async () => {
    try { await invoke('reply_template_save', { id, source: source.value }); toast('Modèle enregistré.'); error.replaceChildren(); await load(); }
    catch (err) { fail(err); }
  };

  const box = h('div', { class: 'template-editor', 'data-testid': 'template-editor' },
    title,
    h('p', { class: 'hint' }, 'Écrivez avec vos mots. Le modèle ne doit rien contenir qui confirme une relation de soins ou révèle des soins : il est contrôlé à l’enregistrement.'),
    fields,
    source,
    error,
    h('div', { class: 'actions' },
      h('button', { 'data-testid': 'template-save', onclick: save }, 'Enregistrer le modèle'),
      restore,
      h('button', { class: 'secondary', onclick: onClose }, 'Fermer')));
  load().catch(fail);
  return box;
}
