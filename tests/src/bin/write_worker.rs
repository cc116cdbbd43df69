//! The write drill's victim: unlocks a copy of the fixture vault as its
//! case worker and registers cases in a loop, printing `ack <id>` after
//! each save has returned, until it is killed with SIGKILL.

use std::io::Write;

use homeward_tests::{probe_case, test_clock, unlocked, WORKER};

fn main() {
    let Some(vault) = std::env::args().nth(1) else {
        eprintln!("usage: write-worker VAULT_DIR");
        std::process::exit(2);
    };
    let mut app = unlocked(std::path::Path::new(&vault), WORKER, test_clock());
    let mut out = std::io::stdout().lock();
    writeln!(out, "ready").expect("stdout");
    out.flush().expect("stdout");
    for index in 0u64.. {
        let view = app
            .register_case(probe_case(&index.to_string()))
            .expect("save");
        writeln!(out, "ack {}", view["id"].as_str().expect("id")).expect("stdout");
        out.flush().expect("stdout");
    }
}
