//! A small HTTP/1.1 server on 127.0.0.1 for the web tests: real sockets,
//! real headers, no internet. Routes can change while it runs (a page that
//! changes after it was captured), and every request head is kept so tests
//! can assert what factdesk sent (its User-Agent).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a route answers.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with a body, sent as is (`Content-Encoding` when `encoding` is set).
    Page {
        content_type: String,
        body: Vec<u8>,
        encoding: Option<&'static str>,
    },
    /// A redirect to `location` (relative or absolute, any scheme).
    Redirect(u16, String),
    /// An error status with a short body.
    Status(u16),
    /// Waits this long before answering (a slow server).
    Slow(Duration),
    /// A body of this many bytes, with or without a `Content-Length`.
    Big { len: usize, declare: bool },
}

impl Reply {
    /// An HTML page.
    pub fn html(body: impl Into<Vec<u8>>) -> Self {
        Self::typed("text/html; charset=utf-8", body)
    }

    /// A page with its own content type.
    pub fn typed(content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self::Page {
            content_type: content_type.into(),
            body: body.into(),
            encoding: None,
        }
    }

    /// An HTML page sent gzip-compressed.
    pub fn gzip(body: &[u8]) -> Self {
        use flate2::write::GzEncoder;
        let mut e = GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(body).expect("gzip into memory");
        Self::Page {
            content_type: "text/html; charset=utf-8".into(),
            body: e.finish().expect("gzip into memory"),
            encoding: Some("gzip"),
        }
    }

    /// An HTML page sent brotli-compressed.
    pub fn brotli(body: &[u8]) -> Self {
        let mut out = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut out, 4096, 5, 22);
            w.write_all(body).expect("brotli into memory");
        }
        Self::Page {
            content_type: "text/html; charset=utf-8".into(),
            body: out,
            encoding: Some("br"),
        }
    }
}

/// The server: its port, its routes, the requests it saw.
#[derive(Clone)]
pub struct Server {
    /// The port on 127.0.0.1.
    pub port: u16,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts listening on a free port; the thread lives as long as the
    /// test process.
    pub fn start() -> Self {
        let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = l.local_addr().expect("local address").port();
        let s = Self {
            port,
            routes: Arc::default(),
            seen: Arc::default(),
        };
        let me = s.clone();
        std::thread::spawn(move || {
            for conn in l.incoming().flatten() {
                let me = me.clone();
                std::thread::spawn(move || me.serve(conn));
            }
        });
        s
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Sets (or replaces) what `path` answers.
    pub fn route(&self, path: &str, r: Reply) {
        self.routes
            .lock()
            .expect("routes lock")
            .insert(path.into(), r);
    }

    /// Every request head received so far, in order.
    pub fn requests(&self) -> Vec<String> {
        self.seen.lock().expect("seen lock").clone()
    }

    fn serve(&self, mut conn: TcpStream) {
        let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
        let mut r = BufReader::new(match conn.try_clone() {
            Ok(c) => c,
            Err(_) => return,
        });
        let Some(mut head) = read_head(&mut r) else {
            return;
        };
        // As a proxy: a CONNECT opens a tunnel, and the request inside it
        // is served like any other (plain http, so no TLS to unwrap).
        if head.starts_with("CONNECT ") {
            self.seen.lock().expect("seen lock").push(head);
            if conn
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .is_err()
            {
                return;
            }
            head = match read_head(&mut r) {
                Some(h) => h,
                None => return,
            };
        }
        let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
        self.seen.lock().expect("seen lock").push(head);
        let reply = self.routes.lock().expect("routes lock").get(&path).cloned();
        let _ = match reply {
            None => respond(&mut conn, 404, &[], b"not found"),
            Some(Reply::Page {
                content_type,
                body,
                encoding,
            }) => {
                let mut h = vec![("Content-Type", content_type)];
                if let Some(e) = encoding {
                    h.push(("Content-Encoding", e.to_string()));
                }
                respond(&mut conn, 200, &h, &body)
            }
            Some(Reply::Redirect(status, to)) => {
                respond(&mut conn, status, &[("Location", to)], b"moved")
            }
            Some(Reply::Status(s)) => respond(&mut conn, s, &[], b"error page"),
            Some(Reply::Slow(d)) => {
                std::thread::sleep(d);
                respond(&mut conn, 200, &[], b"<p>late</p>")
            }
            Some(Reply::Big { len, declare }) => {
                let body = vec![b'a'; len];
                if declare {
                    respond(
                        &mut conn,
                        200,
                        &[("Content-Type", "text/plain".into())],
                        &body,
                    )
                } else {
                    // No length: the body ends when the connection closes.
                    let _ = conn.write_all(
                        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n",
                    );
                    conn.write_all(&body)
                }
            }
        };
        let _ = conn.flush();
    }
}

fn respond(
    conn: &mut TcpStream,
    status: u16,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    conn.write_all(out.as_bytes())?;
    conn.write_all(body)
}

/// One request head, CRLF lines up to the empty one.
fn read_head(r: &mut impl BufRead) -> Option<String> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        match r.read_line(&mut line) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        head.push_str(&line);
        if line == "\r\n" || line == "\n" {
            return Some(head);
        }
    }
}

/// A port on 127.0.0.1 where nothing listens (bound, then closed).
pub fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    l.local_addr().expect("local address").port()
}
