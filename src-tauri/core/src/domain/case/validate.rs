//! To be written (issue 10).
