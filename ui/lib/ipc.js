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

export async function invoke(command, args = {}) {
  const internals = window.__TAURI_INTERNALS__;
  if (!internals) {
    throw new AppError({ message: "Cette page doit être ouverte dans l'application E-Réputation Médecin." });
  }
  try {
    return await internals.invoke(command, args);
  } catch (err) {
    if (err && typeof err === 'object' && 'message' in err) throw new AppError(err);
    throw new AppError({ message: String(err) });
  }
}
