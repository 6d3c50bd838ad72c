//! SHA-1 that remembers where it was every [`STEP`] bytes, so that the
//! checksum of a file that differs from one hashed before only after some
//! offset resumes there instead of starting over.
//!
//! git's index ends with a SHA-1 of everything before it: at 20,000 cases
//! that is 32 MB hashed on every change, the largest single cost of a
//! warm `set` (26 ms of its index thread). A change rewrites one entry,
//! and everything before that entry is byte for byte the old file, whose
//! hash states factdesk kept when it wrote it (`git::index_seen`). Cases
//! are named by date, so the ones being worked on sort last and their
//! changes rehash only the end of the file. SHA-1 processes 64-byte blocks
//! in order, so the state after a prefix is all it needs to go on.

use sha1::digest::generic_array::GenericArray;

/// Bytes between two marks (a multiple of the 64-byte block).
pub const STEP: usize = 1 << 20;

/// SHA-1's initial state.
const IV: [u32; 5] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0];

/// The states of a hash after 1, 2, … × [`STEP`] bytes of its input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks(pub Vec<[u32; 5]>);

impl Marks {
    /// The last mark at or before byte `offset`: (bytes it covers, state).
    fn at_or_before(&self, offset: usize) -> (usize, [u32; 5]) {
        match (offset / STEP).min(self.0.len()) {
            0 => (0, IV),
            k => (k * STEP, self.0[k - 1]),
        }
    }
}

/// A SHA-1 being computed, marking its state every [`STEP`] bytes.
pub struct Hasher {
    state: [u32; 5],
    /// Bytes compressed into `state` (a multiple of 64).
    done: usize,
    buf: [u8; 64],
    held: usize,
    marks: Vec<[u32; 5]>,
}

impl Default for Hasher {
    fn default() -> Self {
        Self::resume(&Marks::default(), 0).1
    }
}

impl Hasher {
    /// A hash of an input whose first bytes are those `marks` were taken
    /// of, up to at least `same` bytes: it goes on from the last mark
    /// within them. Returns how many bytes of the input it has already
    /// taken (the caller feeds it from there).
    pub fn resume(marks: &Marks, same: usize) -> (usize, Self) {
        let (done, state) = marks.at_or_before(same);
        let h = Self {
            state,
            done,
            buf: [0; 64],
            held: 0,
            marks: marks.0[..done / STEP].to_vec(),
        };
        (done, h)
    }

    /// Adds `data` to the input.
    pub fn update(&mut self, mut data: &[u8]) {
        if self.held > 0 {
            let take = (64 - self.held).min(data.len());
            self.buf[self.held..self.held + take].copy_from_slice(&data[..take]);
            self.held += take;
            data = &data[take..];
            if self.held < 64 {
                return;
            }
            let block = self.buf;
            self.blocks(&block);
            self.held = 0;
        }
        let whole = data.len() / 64 * 64;
        self.blocks(&data[..whole]);
        let rest = &data[whole..];
        self.buf[..rest.len()].copy_from_slice(rest);
        self.held = rest.len();
    }

    /// Compresses whole blocks, marking the state at each multiple of [`STEP`].
    fn blocks(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let n = (STEP - self.done % STEP).min(bytes.len());
            compress(&mut self.state, &bytes[..n]);
            self.done += n;
            if self.done.is_multiple_of(STEP) {
                self.marks.push(self.state);
            }
            bytes = &bytes[n..];
        }
    }

    /// The digest, and the marks of the whole input.
    pub fn finish(mut self) -> ([u8; 20], Marks) {
        let bits = ((self.done + self.held) as u64).wrapping_mul(8);
        let marks = std::mem::take(&mut self.marks);
        let mut tail = [0u8; 128];
        tail[..self.held].copy_from_slice(&self.buf[..self.held]);
        tail[self.held] = 0x80;
        let len = if self.held < 56 { 64 } else { 128 };
        tail[len - 8..len].copy_from_slice(&bits.to_be_bytes());
        compress(&mut self.state, &tail[..len]);
        let mut out = [0u8; 20];
        for (o, v) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&v.to_be_bytes());
        }
        (out, Marks(marks))
    }
}

/// Compresses `bytes` (whole 64-byte blocks) into `state`, all in one call:
/// a call per block, or copies into batches, cost 10–14% more.
fn compress(state: &mut [u32; 5], bytes: &[u8]) {
    type Block = GenericArray<u8, sha1::digest::consts::U64>;
    debug_assert_eq!(bytes.len() % 64, 0);
    // SAFETY: `GenericArray<u8, U64>` is `#[repr(transparent)]` over 64
    // bytes with alignment 1 (sha1 itself casts its blocks to `[u8; 64]`
    // the same way), and the slice holds `len / 64` whole blocks, so the
    // new slice covers only the bytes borrowed, for as long as they are.
    let blocks: &[Block] =
        unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<Block>(), bytes.len() / 64) };
    sha1::compress(state, blocks);
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha1::{Digest, Sha1};

    fn data(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 7 + i / 251) as u8).collect()
    }

    fn hash_in(pieces: &[&[u8]]) -> ([u8; 20], Marks) {
        let mut h = Hasher::default();
        for p in pieces {
            h.update(p);
        }
        h.finish()
    }

    #[test]
    fn digests_are_sha1_at_every_length_and_split() {
        for n in [0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000] {
            let d = data(n);
            let want: [u8; 20] = Sha1::digest(&d).into();
            for cut in [0, 1, n / 3, n / 2, n.saturating_sub(1), n] {
                let (a, b) = d.split_at(cut.min(n));
                assert_eq!(hash_in(&[a, b]).0, want, "{n} bytes cut at {cut}");
            }
        }
    }

    #[test]
    fn resuming_from_marks_gives_the_same_digest_and_marks() {
        let old = data(3 * STEP + 1234);
        let (old_sum, old_marks) = hash_in(&[&old]);
        assert_eq!(old_sum, <[u8; 20]>::from(Sha1::digest(&old)));
        assert_eq!(old_marks.0.len(), 3);
        // A file equal to the old one up to `same` bytes, changed after.
        for same in [0, 100, STEP - 1, STEP, STEP + 64, 2 * STEP + 5, old.len()] {
            let mut new = old.clone();
            if same < new.len() {
                new[same] ^= 0xff;
            }
            new.extend_from_slice(b"a longer tail");
            let (from, mut h) = Hasher::resume(&old_marks, same);
            assert_eq!(from, same / STEP * STEP, "{same}");
            // Fed in uneven pieces from where it resumed.
            for piece in new[from..].chunks(100_003) {
                h.update(piece);
            }
            let (sum, marks) = h.finish();
            assert_eq!(sum, <[u8; 20]>::from(Sha1::digest(&new)), "{same}");
            assert_eq!(marks, hash_in(&[&new]).1, "{same}");
        }
        // Marks of a shorter input only go as far as they reach.
        let (short, _) = Hasher::resume(&Marks(old_marks.0[..1].to_vec()), 3 * STEP);
        assert_eq!(short, STEP);
    }
}
