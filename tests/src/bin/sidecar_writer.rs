//! The crash drill's victim: rewrites the sidecar at the given path in a
//! loop, alternating two versions, until it is killed with SIGKILL.

use homeward_core::store::sidecar::Sidecar;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(first), Some(second)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: sidecar-writer SIDECAR VERSION_A VERSION_B");
        std::process::exit(2);
    };
    let path = std::path::PathBuf::from(path);
    let versions: Vec<Sidecar> = [first, second]
        .iter()
        .map(|file| Sidecar::read(std::path::Path::new(file)).expect("version file"))
        .collect();
    println!("ready");
    let mut turn = 0usize;
    loop {
        versions[turn % 2].write_atomic(&path).expect("write");
        turn += 1;
    }
}
