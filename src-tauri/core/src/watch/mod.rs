//! Network checks the doctor asks for (see issue 3).
