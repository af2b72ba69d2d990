// The only door to Rust. We do not enable `withGlobalTauri`: Tauri always injects
// `__TAURI_INTERNALS__` (it is what @tauri-apps/api wraps), and going through this one module
// keeps every call and every error in one shape. Rust validates everything again.

export class AppError extends Error {
  constructor({ kind = 'store', message = 'Erreur inattendue.', fields = [] } = {}) {
    super(message);
    this.kind = kind;
    this.fields = fields;
  }
}

function internals() {
  const found = window.__TAURI_INTERNALS__;
  if (!found) {
    throw new AppError({ message: "Cette page doit être ouverte dans l'application E-Réputation Médecin." });
  }
  return found;
}

export async function invoke(command, args = {}) {
  const ipc = internals();
  try {
    return await ipc.invoke(command, args);
  } catch (err) {
    if (err && typeof err === 'object' && 'message' in err) throw new AppError(err);
    // Tauri's own refusals come as English text: keep it for the console, tell the doctor plainly.
    console.error(`${command}:`, err);
    throw new AppError({ message: "L'application n'a pas pu faire cette action ; rien n'a été modifié. Rechargez l'écran (Ctrl+R) puis recommencez." });
  }
}

/**
 * A channel Rust streams messages on while a command runs (progress of a long import or export).
 * Pass the returned value as the command's argument; `onMessage` receives each message.
 * Same wire format as @tauri-apps/api's `Channel`.
 */
export function channel(onMessage) {
  const id = internals().transformCallback((payload) => {
    if (payload && 'message' in payload) onMessage(payload.message);
  });
  return `__CHANNEL__:${id}`;
}
