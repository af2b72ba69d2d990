//! Letter models, window-envelope layout and PDF output (see issue 3).
