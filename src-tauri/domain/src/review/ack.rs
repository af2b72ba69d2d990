//! The identity of a blocking finding the doctor chose to keep in a reply: its category and the
//! passage as written. The same type names it in the guard's findings, in the page that ticks it,
//! and in the store (`reply_ack`, unique per review), so it is never rebuilt from strings.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AckKey {
    /// The guard's category (`Category::as_str`).
    pub category: String,
    /// The passage as written in the reply.
    pub matched: String,
}
