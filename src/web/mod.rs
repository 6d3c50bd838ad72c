//! Web pages, the pure half: bytes to text (`decode`), a page to its
//! article and metadata (`extract`), and the WARC record format (`warc`).
//! No network IO in those: fetching lives at the edge, in `fetch` (the
//! one HTTP client), so they are tested on fixtures alone.

pub mod decode;
pub mod extract;
pub mod fetch;
pub mod warc;
