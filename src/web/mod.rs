//! Web pages, the pure half: bytes to text (`decode`), a page to its
//! article and metadata (`extract`), and the WARC record format (`warc`).
//! No network IO here: fetching lives at the edge, so these parts are
//! tested on fixtures alone.

pub mod decode;
pub mod extract;
pub mod warc;
