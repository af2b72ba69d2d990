// Paramètres: the doctors of the practice, and the safety of the local data.

import { h, clear, toast, confirmAction, act } from '../lib/dom.js';
import { invoke, channel } from '../lib/ipc.js';
import { dateTime } from '../lib/format.js';
import { practiceForm } from './practice-form.js';
import { envelopeSettings } from './envelope-settings.js';
import { protectionSection } from './protection.js';

export async function settings(root, ctx) {
  const practitioners = await invoke('practitioner_list');
  const list = h('div', { class: 'cards', 'data-testid': 'practitioner-list' });
  const editor = h('div', { class: 'editor' });

  const rerender = () => settings(root, ctx);
  const edit = (p) => {
    clear(editor).append(
      h('h3', {}, p ? `Modifier ${p.first_name} ${p.last_name}` : 'Ajouter un médecin'),
      practiceForm(p, {
        onSaved: async () => { toast('Profil enregistré.'); await rerender(); },
        onCancel: () => clear(editor),
      }));
    editor.querySelector('input')?.focus();
  };

  for (const p of practitioners) {
    list.append(h('article', { class: 'card', 'data-testid': 'practitioner-card' },
      h('h3', {}, p.display_name,
        p.is_default ? h('span', { class: 'badge' }, 'signataire par défaut') : null),
      h('p', {}, p.specialty, ' — RPPS ', p.rpps),
      h('p', { class: 'address' }, [...p.address_lines, `${p.postcode} ${p.city}`].join('\n')),
      h('p', {}, p.phone, ' · ', p.email),
      h('div', { class: 'actions' },
        h('button', { class: 'secondary', onclick: () => edit(p) }, 'Modifier'),
        p.is_default ? null : h('button', {
          class: 'secondary',
          onclick: async () => { await invoke('practitioner_set_default', { id: p.id }); await rerender(); },
        }, 'Définir par défaut'),
        h('button', {
          class: 'danger',
          onclick: async () => {
            const ok = await confirmAction('Supprimer ce médecin ?',
              `Le profil de ${p.first_name} ${p.last_name} sera retiré du cabinet. Les courriers déjà générés ne sont pas modifiés.`,
              'Supprimer');
            if (!ok) return;
            await act(() => invoke('practitioner_delete', { id: p.id }), { done: 'Médecin retiré.', refresh: rerender });
          },
        }, 'Supprimer'))));
  }

  const report = h('div', { class: 'report', 'data-testid': 'store-report', role: 'status' });
  const envelope = await envelopeSettings();
  const info = ctx.info;
  clear(root).append(h('section', { class: 'area', 'data-testid': 'settings' },
    h('h1', {}, 'Paramètres'),
    h('h2', {}, 'Médecins du cabinet'),
    list,
    h('button', { onclick: () => edit(null), 'data-testid': 'practitioner-add' }, 'Ajouter un médecin'),
    editor,
    h('h2', {}, 'Enveloppe à fenêtre'),
    envelope,
    h('h2', {}, 'Données'),
    h('p', {}, 'Base de données : ', h('code', { 'data-testid': 'db-path' }, info.database || '—')),
    h('p', { class: 'muted' }, 'Toutes vos données restent dans ce fichier, sur cet ordinateur. Une copie est faite automatiquement avant chaque mise à jour de sa structure.'),
    h('div', { class: 'actions' },
      h('button', {
        class: 'secondary', 'data-testid': 'store-check',
        onclick: async () => {
          report.textContent = 'Vérification en cours…';
          try {
            const r = await invoke('store_check');
            report.textContent = r.ok
              ? `Base saine (schéma version ${r.schema_version}).`
              : `Problèmes détectés : ${r.messages.join(' ; ')}. Ne modifiez plus rien : restaurez ci-dessous la sauvegarde la plus récente (le fichier actuel est mis de côté, rien n’est perdu).`;
            report.className = `report ${r.ok ? 'ok' : 'bad'}`;
          } catch (err) { report.textContent = err.message; report.className = 'report bad'; }
        },
      }, "Vérifier l'intégrité"),
      h('button', {
        class: 'secondary', 'data-testid': 'store-backup',
        onclick: async (e) => {
          const button = e.currentTarget;
          button.disabled = true;
          const bar = h('progress', { max: 1, value: 0, 'aria-label': 'Avancement de la sauvegarde' });
          report.className = 'report';
          clear(report).append('Sauvegarde en cours… ', bar);
          const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; });
          try {
            report.textContent = `Sauvegarde écrite : ${await invoke('store_backup', { progress })}`;
            report.className = 'report ok';
            // The list of backups below shows the new one at once (issue 20).
            document.querySelector('[data-testid=backup-list]')?.dispatchEvent(new Event('refresh'));
          }
          catch (err) { report.textContent = err.message; report.className = 'report bad'; }
          finally { button.disabled = false; }
        },
      }, 'Faire une sauvegarde maintenant')),
    report,
    h('h2', {}, 'Protéger les données par un mot de passe'),
    protectionSection(),
    backupsSection(),
    h('h2', {}, 'À propos'),
    h('p', { class: 'muted' }, `Version ${info.version}. Interface prête en `,
      h('span', { 'data-testid': 'ready-time' }, ctx.readyAfter != null ? `${ctx.readyAfter.toFixed(2).replace('.', ',')} s` : '—'),
      ' après le lancement.'),
    h('p', { class: 'muted' }, "Cette application donne des informations ; elle ne remplace pas le conseil d'un avocat ou de votre assureur en responsabilité civile professionnelle.")));
}

const ORIGINS = { sauvegarde: 'sauvegarde', 'avant-migration': 'copie avant mise à jour', 'avant-restauration': 'copie avant restauration', autre: 'copie' };

/**
 * « Vos sauvegardes »: each backup with its date, size and counts, restorable after a
 * confirmation (the current file is kept aside first); and all the data out in open formats,
 * or back in on a new computer.
 */
function backupsSection() {
  const list = h('div', { 'data-testid': 'backup-list' });
  const out = h('div', { class: 'report', role: 'status', 'data-testid': 'data-report' });
  const size = (n) => `${(n / 1048576).toFixed(1).replace('.', ',')} Mo`;
  const draw = async () => {
    let backups = [];
    try { backups = await invoke('backup_list'); } catch (err) { clear(list).append(h('p', { class: 'report bad' }, err.message)); return; }
    clear(list).append(backups.length ? h('ul', { class: 'backups' }, backups.map((b) => h('li', { 'data-testid': 'backup-row' },
      h('strong', {}, b.stamped_at ? dateTime(b.stamped_at) : dateTime(b.modified_at)), ` — ${ORIGINS[b.origin] || 'copie'}, ${size(b.size_bytes)}`,
      b.counts ? ` : ${b.counts.listings} fiche(s), ${b.counts.reviews} avis, ${b.counts.letters} courrier(s), ${b.counts.cases} dossier(s)` : '',
      b.unreadable ? h('span', { class: 'report bad' }, ` ${b.unreadable}`) : h('button', {
        class: 'link', 'data-testid': `backup-restore-${b.file_name}`,
        onclick: async () => {
          const ok = await confirmAction('Restaurer cette sauvegarde ?',
            'Vos données actuelles seront remplacées par celles de cette sauvegarde. Le fichier actuel est d’abord mis de côté dans le dossier « sauvegardes » : rien n’est perdu.', 'Restaurer');
          if (!ok) return;
          out.className = 'report';
          out.textContent = 'Restauration en cours…';
          try {
            const r = await invoke('backup_restore', { fileName: b.file_name });
            out.className = 'report ok';
            out.textContent = `Sauvegarde restaurée. Vos données d’avant sont gardées dans ${r.kept_aside || 'le dossier des sauvegardes'}.`;
            await draw();
          } catch (err) { out.className = 'report bad'; out.textContent = err.message; }
        },
      }, 'Restaurer')))) : h('p', { class: 'muted' }, 'Aucune sauvegarde pour l’instant.'));
  };
  const withProgress = (command, label, done) => async function run(e) {
    const button = e.currentTarget;
    button.disabled = true;
    const bar = h('progress', { max: 1, value: 0, 'aria-label': label });
    out.className = 'report';
    clear(out).append(`${label}… `, bar);
    const progress = channel((p) => { bar.max = Math.max(p.total, 1); bar.value = p.done; });
    try { const r = await invoke(command, { progress, ...(e.args || {}) }); out.className = 'report ok'; out.textContent = r ? done(r) : 'Opération annulée.'; }
    catch (err) {
      out.className = 'report bad'; out.textContent = err.message;
      // A piece of evidence changed since it was recorded: offer to include it, marked (Rust marks it).
      if (err.kind === 'modified_evidence') {
        const again = h('button', { class: 'secondary', 'data-testid': 'export-include-modified' }, 'Inclure quand même, signalée comme modifiée');
        again.addEventListener('click', () => run({ currentTarget: button, args: { includeModified: true } }));
        out.append(' ', again);
      }
    }
    finally { button.disabled = false; }
  };
  const exporting = withProgress('data_export', 'Export en cours', (r) => `Export enregistré : ${r.path}`);
  // A protected store goes out in clear only after the doctor has read that it will.
  const exportAll = async (e) => {
    const event = { currentTarget: e.currentTarget };
    const p = await invoke('store_protection').catch(() => null);
    if (p?.protected && !(await confirmAction('Exporter vos données en clair ?', p.export_warning, 'Exporter quand même'))) return;
    await exporting(event);
  };
  draw();
  list.addEventListener('refresh', draw);
  return h('section', { 'data-testid': 'data-section' },
    h('h2', {}, 'Vos sauvegardes'),
    list,
    h('h2', {}, 'Toutes vos données, dans des formats ouverts'),
    h('p', { class: 'muted' }, 'Une archive ZIP avec chaque table en JSON (schéma décrit dans SCHEMA.md), vos courriers en PDF, vos pièces et la liste de leurs empreintes SHA-256. Attention : ce fichier n’est pas protégé ; rangez-le en lieu sûr.'),
    h('div', { class: 'actions' },
      h('button', { class: 'secondary', 'data-testid': 'data-export', onclick: exportAll }, 'Exporter toutes mes données'),
      h('button', { class: 'secondary', 'data-testid': 'data-import', onclick: withProgress('data_import', 'Reprise en cours', (r) => `Données reprises : ${r.counts.listings} fiche(s), ${r.counts.reviews} avis, ${r.counts.letters} courrier(s), ${r.counts.cases} dossier(s).`) }, 'Reprendre un export (nouvel ordinateur)')),
    out);
}
