//! The one message a second Homeward window may send the first: "raise".
//! The process holding the vault listens on a Unix socket in the vault's
//! own folder (private to the user, 0700) and, on exactly that message,
//! brings its window forward; anything else is dropped unanswered. The
//! socket carries no data, exists only while the vault is held (the flock
//! makes a leftover socket safe to replace) and is removed on exit.
//! A D-Bus single-instance plugin is not used: CI has no session bus of
//! its own.

use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The socket's name inside the vault folder.
pub const SOCKET_NAME: &str = "vault.raise";
const RAISE: &[u8] = b"raise\n";
const RAISED: &[u8] = b"ok\n";
const WAIT: Duration = Duration::from_secs(2);

/// The listening socket; dropping it removes the socket file.
pub struct RaiseListener {
    path: PathBuf,
}

impl Drop for RaiseListener {
    fn drop(&mut self) {
        remove_socket(&self.path);
    }
}

fn remove_socket(path: &Path) {
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
        let _ = fs::remove_file(path);
    }
}

/// Listens in `dir` (whose vault this process holds) and calls `on_raise`
/// on a thread of its own for every well-formed request.
pub fn listen(dir: &Path, on_raise: impl Fn() + Send + 'static) -> io::Result<RaiseListener> {
    let path = dir.join(SOCKET_NAME);
    // Only the holder of the vault's flock gets here, so a socket left by
    // a process that died is safe to replace.
    remove_socket(&path);
    let listener = UnixListener::bind(&path)?;
    std::thread::Builder::new()
        .name("raise".to_owned())
        .spawn(move || {
            for stream in listener.incoming().flatten() {
                if answer(stream) {
                    on_raise();
                }
            }
        })?;
    Ok(RaiseListener { path })
}

/// Reads one request; true (and answered) when it is exactly "raise".
fn answer(mut stream: UnixStream) -> bool {
    let _ = stream.set_read_timeout(Some(WAIT));
    let mut request = [0u8; 8];
    let mut read = 0;
    while read < request.len() {
        match stream.read(&mut request[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
        if request[..read] == *RAISE {
            let _ = stream.write_all(RAISED);
            return true;
        }
    }
    false
}

/// Asks the window holding the vault in `dir` to come forward.
pub fn ask_to_raise(dir: &Path) -> io::Result<()> {
    let mut stream = UnixStream::connect(dir.join(SOCKET_NAME))?;
    stream.set_read_timeout(Some(WAIT))?;
    stream.set_write_timeout(Some(WAIT))?;
    stream.write_all(RAISE)?;
    let mut reply = [0u8; 3];
    stream.read_exact(&mut reply)?;
    if reply == *RAISED {
        Ok(())
    } else {
        Err(io::Error::other("the other window did not answer"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("homeward-raise-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn only_the_raise_message_raises_and_the_socket_goes_with_the_listener() {
        let dir = folder("only");
        let (raised, heard) = mpsc::channel();
        let listener = listen(&dir, move || raised.send(()).unwrap()).unwrap();
        let socket = dir.join(SOCKET_NAME);
        assert!(socket.exists(), "the socket is in the vault folder");

        let mut other = UnixStream::connect(&socket).unwrap();
        other.write_all(b"open the case file\n").unwrap();
        drop(other);
        assert!(
            heard.recv_timeout(Duration::from_millis(300)).is_err(),
            "any message but raise is ignored"
        );

        ask_to_raise(&dir).expect("the raise message is answered");
        heard
            .recv_timeout(Duration::from_secs(2))
            .expect("raise brings the window forward");

        drop(listener);
        assert!(
            !socket.exists(),
            "the socket is removed when the listener goes"
        );
        assert!(
            ask_to_raise(&dir).is_err(),
            "nobody answers once it is gone"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_leftover_socket_is_replaced_but_a_plain_file_is_not_removed() {
        let dir = folder("leftover");
        let first = UnixListener::bind(dir.join(SOCKET_NAME)).unwrap();
        drop(first); // the file stays, as after a crash
        let listener = listen(&dir, || {}).expect("a stale socket is replaced");
        drop(listener);

        fs::write(dir.join(SOCKET_NAME), b"not a socket").unwrap();
        assert!(
            listen(&dir, || {}).is_err(),
            "a plain file is never removed"
        );
        assert!(dir.join(SOCKET_NAME).exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
