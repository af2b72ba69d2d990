//! The guided reply wizard and the medical-secrecy guard (see issue 4).
