//! The little binary codec model files are written with: a magic, a version, LEB128 varints,
//! length-prefixed strings, and a trailing FNV-1a checksum.

use crate::hash::fnv1a;
use crate::{Error, Result};

/// Appends values to a model file being written.
pub(crate) struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// Starts a file with its 8-byte magic and format version.
    pub(crate) fn new(magic: &[u8; 8], version: u32) -> Writer {
        let mut buf = Vec::with_capacity(1 << 16);
        buf.extend_from_slice(magic);
        buf.extend_from_slice(&version.to_le_bytes());
        Writer { buf }
    }

    pub(crate) fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }

    pub(crate) fn str(&mut self, s: &str) {
        self.varint(s.len() as u64);
        self.buf.extend_from_slice(s.as_bytes());
    }

    /// Appends the checksum and returns the file's bytes.
    pub(crate) fn finish(mut self) -> Vec<u8> {
        let sum = fnv1a(&self.buf);
        self.buf.extend_from_slice(&sum.to_le_bytes());
        self.buf
    }
}

/// Reads values back, failing with [`Error::Format`] on anything unexpected.
pub(crate) struct Reader<'a> {
    what: &'static str,
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// Checks magic, checksum and version; the reader then stands after the header.
    pub(crate) fn open(what: &'static str, bytes: &'a [u8], magic: &[u8; 8], version: u32) -> Result<Reader<'a>> {
        if bytes.len() < 8 + 4 + 8 || &bytes[..8] != magic {
            return Err(Error::Format { what, message: "missing magic number (wrong file or truncated)".into() });
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let found = u32::from_le_bytes(body[8..12].try_into().expect("4 bytes"));
        if found != version {
            return Err(Error::Version { what, found, supported: version });
        }
        if fnv1a(body).to_le_bytes() != sum {
            return Err(Error::Format { what, message: "checksum mismatch (truncated or damaged)".into() });
        }
        Ok(Reader { what, buf: body, pos: 12 })
    }

    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::Format { what: self.what, message: format!("{} (at byte {})", message.into(), self.pos) }
    }

    pub(crate) fn varint(&mut self) -> Result<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let Some(&b) = self.buf.get(self.pos) else {
                return Err(self.error("unexpected end of data"));
            };
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(self.error("varint too long"))
    }

    /// A varint that must fit in `u32`.
    pub(crate) fn u32(&mut self) -> Result<u32> {
        let v = self.varint()?;
        u32::try_from(v).map_err(|_| self.error(format!("value {v} out of range")))
    }

    /// A length or count, bounded by the bytes left so that a damaged length cannot make us
    /// allocate gigabytes.
    pub(crate) fn len(&mut self) -> Result<usize> {
        let v = self.varint()?;
        if v > (self.buf.len() - self.pos) as u64 {
            return Err(self.error(format!("length {v} exceeds the data left")));
        }
        Ok(v as usize)
    }

    pub(crate) fn str(&mut self) -> Result<&'a str> {
        let n = self.len()?;
        let bytes = &self.buf[self.pos..self.pos + n];
        self.pos += n;
        std::str::from_utf8(bytes).map_err(|_| self.error("string is not UTF-8"))
    }

    /// Fails unless every byte was read.
    pub(crate) fn end(&self) -> Result<()> {
        if self.pos != self.buf.len() {
            return Err(self.error("trailing bytes"));
        }
        Ok(())
    }
}
