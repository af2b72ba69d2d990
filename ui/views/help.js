// « Aides et assurances »: who can help, from the guide's directory, with the doctor's notes.

import { h, toast, act } from '../lib/dom.js';
import { invoke } from '../lib/ipc.js';

function entryCard(entry) {
  const note = h('textarea', { rows: 2, 'aria-label': `Vos notes sur ${entry.name}`, placeholder: 'Vos notes (interlocuteur, numéro de contrat…)' });
  note.value = entry.note || '';
  const save = async () => {
    await act(() => invoke('help_note_save', { entryId: entry.id, note: note.value }),
      { done: 'Note enregistrée.', refresh: (kept) => { note.value = kept; } });
  };
  return h('article', { class: 'card help-entry', 'data-testid': `help-${entry.id}` },
    h('h3', {}, entry.name),
    h('p', {}, entry.what),
    entry.address?.length ? h('p', { class: 'address' }, entry.address.join('\n')) : null,
    entry.phone || entry.email ? h('p', {}, [entry.phone, entry.email].filter(Boolean).join(' · ')) : null,
    entry.verification ? h('p', { class: 'small muted', 'data-testid': 'help-verification' }, entry.verification) : null,
    entry.url ? h('p', {}, h('button', {
      class: 'link', type: 'button',
      onclick: () => act(() => invoke('help_open_site', { entryId: entry.id })),
    }, `Ouvrir ${new URL(entry.url).host}`)) : null,
    note,
    h('div', { class: 'actions' }, h('button', { class: 'secondary', type: 'button', onclick: save }, 'Enregistrer la note')));
}

export async function help(root) {
  const dir = await invoke('help_directory');
  root.append(h('section', { class: 'area', 'data-testid': 'help' },
    h('h1', {}, 'Aides et assurances'),
    h('p', { class: 'lead' }, dir.lead),
    dir.groups.map((g) => h('section', { class: 'help-group' },
      h('h2', {}, g.title),
      h('p', { class: 'muted' }, g.intro),
      h('div', { class: 'cards' }, g.entries.map(entryCard)))),
    h('p', { class: 'muted small' }, dir.source_note)));
}
