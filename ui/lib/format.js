// French formatting of dates and counts for display. Dates from Rust are ISO strings
// ("2026-12-01" for calendar dates, RFC 3339 for timestamps).

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août',
  'septembre', 'octobre', 'novembre', 'décembre'];

/** "1er décembre 2026", "15 mars 2027". */
export function longDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return `${d === 1 ? '1er' : d} ${MONTHS[m - 1]} ${y}`;
}

/** "01/12/2026". */
export function shortDate(iso) {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Local date and time of a UTC timestamp. */
export function dateTime(iso) {
  if (!iso) return '—';
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toLocaleString('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
}

/** "dans 12 jours", "aujourd'hui", "dépassé de 3 jours". */
export function daysLeft(n) {
  if (n === null || n === undefined) return '';
  if (n === 0) return "échéance aujourd'hui";
  if (n > 0) return `dans ${n} jour${n > 1 ? 's' : ''}`;
  return `dépassée de ${-n} jour${n < -1 ? 's' : ''}`;
}

export function plural(n, one, many) {
  return `${n} ${n > 1 ? many : one}`;
}

/** What the doctor is told after a document was (or was not) saved where they chose. */
export function savedMessage(saved, subject, { fem = false, exported = false } = {}) {
  const done = fem ? 'enregistrée' : 'enregistré';
  if (saved?.path) {
    return saved.opened
      ? `${subject} est ${done} : ${saved.path}. Le document s'ouvre dans votre lecteur de PDF pour l'impression.`
      : `${subject} est ${done} : ${saved.path}. Aucun lecteur de PDF n'a pu l'ouvrir : ouvrez ce fichier vous-même pour l'imprimer.`;
  }
  return exported ? 'Enregistrement annulé.'
    : `${subject} est ${done} dans l'application ; vous pourrez en faire une copie PDF depuis la liste des courriers.`;
}
